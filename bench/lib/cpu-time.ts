// CPU time a process has used so far (user + system, /proc/<pid>/stat), for figures that hold on a busy host: the
// CPU a worker spends per job does not grow with other processes' load the way its wall-clock time does.
import fs from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ; 100 on Linux for x86 and arm). */
const TICKS_PER_SECOND = 100;

export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, within parentheses): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
