namespace KeepalivedSharp.Wire.Tests;

public class SmokeTests
{
}
