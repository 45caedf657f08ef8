namespace KeepalivedSharp.Linux.Tests;

public class SmokeTests
{
}
