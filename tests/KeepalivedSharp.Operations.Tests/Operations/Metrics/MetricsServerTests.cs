using System.Net;
using KeepalivedSharp.Operations.Metrics;

namespace KeepalivedSharp.Operations.Tests.Operations.Metrics;

public class MetricsServerTests
{
    private static async Task<HttpResponseMessage> Get(string path)
    {
        await using var server = new MetricsServer(new FakeDaemonControl(StatusSamples.FixtureStatus(StatusSamples.Counters(4, 9, 1))), new IPEndPoint(IPAddress.Loopback, 0));
        server.Start();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{server.Endpoint.Port}{path}"));
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    [Fact]
    public async Task Scrape_Metrics_ValidPrometheusTextWithTheExporterNames()
    {
        using var response = await Get("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var (samples, types) = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("counter", types["keepalived_advertisements_received_total"]);
        Assert.Equal("gauge", types["keepalived_vrrp_state"]);
        var sent = samples.Single(s => s.Name == "keepalived_advertisements_sent_total" && s.Labels["iname"] == "VI_1");
        Assert.Equal(9, sent.Value);
        Assert.Equal(("eth0", "51"), (sent.Labels["intf"], sent.Labels["vrid"]));
        var state = samples.Where(s => s.Name == "keepalived_vrrp_state" && s.Labels["iname"] == "VI_1").ToList();
        Assert.Equal(["10.9.0.100/24", "10.9.0.101/24"], state.Select(s => s.Labels["ip_address"]));
        Assert.All(state, s => Assert.Equal(2, s.Value));
        Assert.Equal(1, samples.Single(s => s.Name == "keepalived_up").Value);
        Assert.Equal(2, samples.Single(s => s.Name == "keepalived_sharp_wire_errors_total").Value);
    }

    [Fact]
    public async Task Get_OtherPath_NotFound()
    {
        using var response = await Get("/other");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1:9650", "127.0.0.1", 9650)]
    [InlineData("[::1]:9650", "::1", 9650)]
    public void ParseEndpoint_AddressPort_Endpoint(string text, string address, int port)
        => Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), MetricsServer.ParseEndpoint(text));

    [Theory]
    [InlineData("9650")]
    [InlineData("localhost:9650")]
    [InlineData("127.0.0.1")]
    public void ParseEndpoint_NotAddressPort_FormatException(string text)
        => Assert.Throws<FormatException>(() => MetricsServer.ParseEndpoint(text));

    [Fact]
    public void Format_LabelWithQuoteAndBackslash_StillParses()
    {
        var p = new PrometheusText().Family("x_total", "counter", "help \\ with\nnewline").Sample("x_total", 1, ("iname", "a\"b\\c\nd"));
        var (samples, _) = PrometheusTextParser.Parse(p.ToString());
        Assert.Equal("a\"b\\c\nd", samples[0].Labels["iname"]);
    }

    [Fact]
    public void Parser_BadText_Rejected()
    {
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("x 1\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE x gauge\nx{a=b} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE x gauge\nx one\n"));
    }
}
