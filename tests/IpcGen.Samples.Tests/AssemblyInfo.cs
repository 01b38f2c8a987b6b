// Each test starts sample processes that start workers of their own, so on two cores they run one at a time.
[assembly: NonParallelizable]
