/** The schema report of a batch prediction in plain words, for the CLI (the app words its own). */
import type { PredictReport } from '../../shared/dto';
/** One line per finding, most serious first, then the rows left unscored. */
export declare function describePredictReport(r: PredictReport): string[];
