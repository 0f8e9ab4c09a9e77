using Microsoft.AspNetCore.Http;
using Wharf.Hosting.Control.Metrics;
using Wharf.Www.Metrics;

namespace Wharf.Www.Tests.Metrics;

public sealed class SiteCountersTests
{
    private static HttpContext Request(string method, int status, long? requestLength = null, long? responseLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.ContentLength = requestLength;
        context.Response.StatusCode = status;
        context.Response.ContentLength = responseLength;
        return context;
    }

    [Fact]
    public void Counts_requests_by_status_and_body_bytes_each_way()
    {
        var counters = new SiteCounters { Name = "Shop" };

        counters.Count(Request("GET", 200, responseLength: 100), failed: false, meteredBytes: null);
        counters.Count(Request("GET", 200), failed: false, meteredBytes: 40);
        counters.Count(Request("POST", 404, requestLength: 7, responseLength: 10), failed: false, meteredBytes: null);
        // A HEAD announces a length it does not send.
        counters.Count(Request("HEAD", 200, responseLength: 100), failed: false, meteredBytes: null);

        var figures = counters.Figures();
        Assert.Equal("Shop", figures.Site);
        Assert.Equal([new StatusCount(200, 3), new StatusCount(404, 1)], figures.Statuses);
        Assert.Equal(150, figures.BytesSent);
        Assert.Equal(7, figures.BytesReceived);
    }

    [Fact]
    public void A_failure_before_the_response_started_counts_as_the_500_the_client_sees()
    {
        var counters = new SiteCounters();

        counters.Count(Request("GET", 200), failed: true, meteredBytes: null);
        counters.Count(Request("GET", 999), failed: false, meteredBytes: null);

        Assert.Equal([new StatusCount(500, 1), new StatusCount(999, 1)], counters.Figures().Statuses);
    }
}
