namespace HumanClap.Ratings;

/// <summary>How the dataset's own `excluded` marking treats one listener's non-anchor ratings.</summary>
public enum DatasetExclusion { None, Partly, Fully }
