namespace HumanClap.Tests.Support;

/// <summary>Tests that own process-wide state run alone, after the parallel ones. Notebook runs change the working
/// directory, and seeded torch code (model init, dropout, world generation) draws from libtorch's one global
/// generator: a test drawing random numbers beside them would shift theirs and break same-seed comparisons. They share
/// one <see cref="PackageFeed"/>: the packages are made, and restored, once per run.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "Process-wide state (serial)";
}
