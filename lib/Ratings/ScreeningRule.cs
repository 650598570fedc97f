namespace HumanClap.Ratings;

/// <summary>How a listener's anchor scores decide whether the listener is flagged as careless.</summary>
public enum ScreeningRule
{
    /// <summary>The paper's rule: mean anchor score above the threshold.</summary>
    MeanAboveThreshold,
    /// <summary>Stricter: any single anchor score above the threshold.</summary>
    AnyAboveThreshold,
}
