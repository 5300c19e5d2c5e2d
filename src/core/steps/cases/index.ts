/**
 * Every step contract case. Each step module's cases live in their own file here; the contract
 * tests fail when a registered step kind has no case.
 */
import '../all';
import type { StepCase } from '../contract-kit';
import { basicCases } from './basic';

export const STEP_CASES: StepCase[] = [...basicCases];
