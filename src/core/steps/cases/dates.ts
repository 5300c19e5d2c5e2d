/** Contract cases for the date steps (the fixture's `when`: dates with times, some missing). */
import type { StepCase } from '../contract-kit';

export const dateCases: StepCase[] = [
  { kind: 'date.parts', columns: ['when'] },
  {
    kind: 'date.parts', title: 'date.parts (every part, date kept)', columns: ['when'],
    params: { parts: ['year', 'quarter', 'month', 'day', 'weekday', 'hour', 'weekend', 'dayofyear'], keep: true },
    after: [{ kind: 'date.days_since', columns: ['when'], params: {} }],
  },
  { kind: 'date.cyclical', columns: ['when'] },
  { kind: 'date.cyclical', title: 'date.cyclical (day of year)', columns: ['when'], params: { cycle: 'dayofyear' } },
  { kind: 'date.cyclical', title: 'date.cyclical (weekday, date kept)', columns: ['when'], params: { cycle: 'weekday', keep: true }, after: [{ kind: 'date.cyclical', columns: ['when'], params: { cycle: 'hour' } }] },
  { kind: 'date.days_since', columns: ['when'] },
  { kind: 'date.days_since', title: 'date.days_since (from 2020-03-01)', columns: ['when'], params: { reference: '2020-03-01' } },
];
