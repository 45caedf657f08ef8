namespace KeepalivedSharp.Simulation.Tests;

public class SmokeTests
{
}
