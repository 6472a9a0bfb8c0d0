import type { Domain } from '../domain';

export const performanceProfiling: Domain = {
  id: 'performance-profiling',
  strong: [
    'profil',
    'flamegraph',
    'flamegraphs',
    'flame graph',
    'cpu',
    'memory',
    'bottleneck',
    'bottlenecks',
    'hotspot',
    'hotspots',
    'latency',
    'throughput',
  ],
  weak: ['performance', 'slow', 'benchmark', 'benchmarks', 'optimize', 'optimise', 'speed'],
  vocabulary: ['node', 'nodejs', 'js', 'service', 'services'],
  category: 'development',
  subcategory: 'performance',
  principle: 'Measure before optimizing - profile under realistic load, fix the biggest hotspot, and measure again.',
  triggers: [
    'a service or script is slower than its target',
    'CPU or memory usage is unexpectedly high',
    'someone must decide what to optimize first',
  ],
  areas: [
    { id: 'baseline', label: 'Baselines and benchmarks' },
    { id: 'cpu', label: 'CPU profiling' },
    { id: 'memory', label: 'Memory profiling' },
    { id: 'load', label: 'Realistic load' },
    { id: 'verification', label: 'Verifying improvements' },
  ],
  quickRef: [
    ['Slow endpoint or job', 'Record a baseline - p50, p95 and throughput'],
    ['CPU-bound', 'Capture a CPU profile and read the flame graph'],
    ['Memory growing', 'Compare heap snapshots taken minutes apart'],
    ['Found a hotspot', 'Fix the widest frame first, one change at a time'],
    ['After the change', 'Re-run the same benchmark and compare percentiles'],
  ],
  patterns: [
    {
      title: 'Baseline, profile, change one thing, measure',
      steps: [
        'Benchmark with production-like data and concurrency; save the numbers.',
        'Profile under the same load and find the widest frames.',
        'Change one thing and run the identical benchmark again.',
      ],
      code: {
        lang: 'bash',
        body: [
          'npx autocannon -c 50 -d 30 "http://localhost:3000/search?q=shoes" > before.txt',
          'node --cpu-prof --cpu-prof-dir=./profiles server.js &',
          'npx autocannon -c 50 -d 30 "http://localhost:3000/search?q=shoes"',
          'kill %1 && ls profiles/',
        ].join('\n'),
      },
    },
    {
      title: 'Look for the big wins first',
      steps: [
        'N+1 queries and missing indexes before micro-optimizations.',
        'Repeated work that a cache or a batch removes.',
        'Allocation in hot loops only after the above.',
      ],
      code: { lang: 'bash', body: 'py-spy record -o profile.svg --duration 30 --pid "$(pgrep -f worker.py)"' },
    },
  ],
  mistakes: [
    'Optimizing code the profile shows is not hot',
    'Benchmarking with far smaller data than production',
    'Changing several things at once, so the gain cannot be attributed',
    'Reporting averages instead of percentiles',
    'Micro-optimizing before fixing an N+1 query or a missing cache',
  ],
  redFlags: [
    'An optimization with no before and after measurement',
    'A claim of faster based on a single run',
    'Profiling a debug build or tiny inputs',
    'Rewriting code for speed that the profile never flagged',
  ],
  shortcut: 'optimize the code that looks slow',
  rule: 'profile first and measure before and after',
  outOfScope: 'capacity planning and hardware purchasing',
  verify: 'the same benchmark before and after shows the gain at p95, not only on average',
};
