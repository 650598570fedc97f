namespace HumanClap.Scoring.Families;

/// <summary>A loader owns the model (and preprocessor) it read until an embedder takes them: if building the embedder
/// fails (a missing tokenizer file, a protocol that does not fit the checkpoint), they are disposed, not leaked.
/// </summary>
internal static class Handover
{
    public static T To<T>(Func<T> build, IDisposable owned, IDisposable? alsoOwned = null)
    {
        try { return build(); }
        catch
        {
            owned.Dispose();
            alsoOwned?.Dispose();
            throw;
        }
    }
}
