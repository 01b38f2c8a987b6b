// Every case attacks the same server process and measures its descriptor count, so cases run one at a time.
[assembly: NonParallelizable]
