// Each test runs a whole `wharf serve` and a browser: on a 2-core machine, one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
