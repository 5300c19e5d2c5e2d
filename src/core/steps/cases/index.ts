/**
 * Every step contract case. Each step module's cases live in their own file here; the contract
 * tests fail when a registered step kind has no case.
 */
import '../all';
import type { StepCase } from '../contract-kit';
import { basicCases } from './basic';
import { encodingCases } from './encoding';
import { selectCases } from './select';
import { dateCases } from './dates';
import { textCases } from './text';
import { numericCases } from './numeric';

export const STEP_CASES: StepCase[] = [...basicCases, ...encodingCases, ...selectCases, ...dateCases, ...textCases, ...numericCases];
