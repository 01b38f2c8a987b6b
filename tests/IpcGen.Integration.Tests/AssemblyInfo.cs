// The tests count this process's descriptors and kill child processes, so they run one at a time.
[assembly: NonParallelizable]
