using Deedle;

namespace HumanClap.Reporting;

/// <summary>The numbers the Human-CLAP paper publishes (Tables 1-3), quoted for side-by-side display. They were
/// obtained with LAION CLAP on the paper's own listening test, not on the data this library runs on: compare
/// directions and gaps, not values.</summary>
public static class PublishedResults
{
    public const string Source = "Human-CLAP paper, Tables 1-3 (LAION CLAP fine-tuned on the authors' listening test)";

    public static Frame<string, string> Table1 => Frame.FromColumns(new[]
    {
        Column("SRCC", [("wSCE+MSE", 0.502), ("wSCE+MAE", 0.506), ("wSCE", 0.355), ("MSE", 0.503), ("MAE", 0.512),
            ("LAION CLAP", 0.259), ("MS CLAP", 0.278)]),
        Column("LCC", [("wSCE+MSE", 0.531), ("wSCE+MAE", 0.539), ("wSCE", 0.380), ("MSE", 0.536), ("MAE", 0.544),
            ("LAION CLAP", 0.277), ("MS CLAP", 0.296)]),
        Column("MSE", [("wSCE+MSE", 0.058), ("wSCE+MAE", 0.053), ("wSCE", 0.077), ("MSE", 0.050), ("MAE", 0.049),
            ("LAION CLAP", 0.212), ("MS CLAP", 0.078)]),
    });

    public static Frame<string, string> Table2 => Frame.FromColumns(new[]
    {
        Column("natural", [("wSCE+MAE", 0.345), ("MSE+MAE", 0.331), ("LAION CLAP", 0.192)]),
        Column("audioldm", [("wSCE+MAE", 0.590), ("MSE+MAE", 0.571), ("LAION CLAP", 0.303)]),
        Column("audioldm2", [("wSCE+MAE", 0.580), ("MSE+MAE", 0.559), ("LAION CLAP", 0.331)]),
        Column("tango", [("wSCE+MAE", 0.477), ("MSE+MAE", 0.463), ("LAION CLAP", 0.247)]),
        Column("tango2", [("wSCE+MAE", 0.302), ("MSE+MAE", 0.299), ("LAION CLAP", 0.105)]),
        Column("synthesized", [("wSCE+MAE", 0.588), ("MSE+MAE", 0.572), ("LAION CLAP", 0.316)]),
    });

    public static Frame<string, string> Table3 => Frame.FromColumns(new[]
    {
        Column("score>5 all", [("wSCE+MAE", 0.313), ("MSE+MAE", 0.313), ("LAION CLAP", 0.135)]),
        Column("score>5 natural", [("wSCE+MAE", 0.239), ("MSE+MAE", 0.212), ("LAION CLAP", 0.118)]),
        Column("score>5 synthesized", [("wSCE+MAE", 0.398), ("MSE+MAE", 0.380), ("LAION CLAP", 0.178)]),
        Column("score<=5 all", [("wSCE+MAE", 0.358), ("MSE+MAE", 0.361), ("LAION CLAP", 0.207)]),
        Column("score<=5 natural", [("wSCE+MAE", 0.333), ("MSE+MAE", 0.305), ("LAION CLAP", 0.083)]),
        Column("score<=5 synthesized", [("wSCE+MAE", 0.365), ("MSE+MAE", 0.365), ("LAION CLAP", 0.240)]),
    });

    private static KeyValuePair<string, Series<string, double>> Column(
        string name, (string Row, double Value)[] cells) =>
        KeyValuePair.Create(name, new Series<string, double>(cells.Select(c => c.Row), cells.Select(c => c.Value)));
}
