/** Registers every step kind: import this once wherever pipelines are fitted or applied. */
import './builtin';
import './encoding';
import './select';
import './dates';
import './text';
import './numeric';
import './binning';
import './outliers';
import './interactions';
import './compute';
