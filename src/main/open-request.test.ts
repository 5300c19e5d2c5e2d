import { describe, expect, it } from 'vitest';
import { parseOpenRequest } from './open-request';

describe('parseOpenRequest', () => {
  it('finds a Windows path after the executable', () => {
    expect(parseOpenRequest(['C:\\Program Files\\Modelbench\\Modelbench.exe', 'C:\\Users\\ana\\Churn study.mbproj'])).toEqual(['C:\\Users\\ana\\Churn study.mbproj']);
  });
  it('finds a POSIX path with spaces among Chromium switches, once', () => {
    expect(parseOpenRequest(['/opt/Modelbench/modelbench', '--allow-file-access-from-files', '/home/ana/my data/q3.MBPROJ', '--original-process-start-time=1', '/home/ana/my data/q3.MBPROJ'])).toEqual(['/home/ana/my data/q3.MBPROJ']);
  });
  it('ignores files that are not projects and the app path in development', () => {
    expect(parseOpenRequest(['electron', '.', '/tmp/data.csv', 'notes.mbproj.txt'])).toEqual([]);
  });
});
