using TorchSharp;
namespace HumanClap.Tests.Common;

public class TorchLoadsTests
{
    [Fact]
    public void NativeLibraryLoadsAndComputes()
    {
        using var a = torch.ones(2, 3);
        using var b = torch.ones(3, 2);
        using var c = a.matmul(b);
        Assert.Equal(3f, c[0, 0].item<float>());
    }
}
