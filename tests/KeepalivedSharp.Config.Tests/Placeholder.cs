namespace KeepalivedSharp.Config.Tests;

public class SmokeTests
{
}
