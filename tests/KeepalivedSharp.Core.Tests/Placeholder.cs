namespace KeepalivedSharp.Core.Tests;

public class SmokeTests
{
}
