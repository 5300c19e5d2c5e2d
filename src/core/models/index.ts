/** Registers every estimator family: import this once wherever models are trained or used. */
import './linear';
import './linear-more';
import './tree';
import './forest';
import './gbdt';
import './knn';
import './naive-bayes';
import './nn/index';
