namespace KeepalivedSharp.Cli.Tests;

public class SmokeTests
{
}
