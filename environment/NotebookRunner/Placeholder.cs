namespace HumanClap.NotebookRunner;
internal static class Placeholder { }
