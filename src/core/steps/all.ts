/** Registers every step kind: import this once wherever pipelines are fitted or applied. */
import './builtin';
