using Microsoft.Extensions.Logging;
using Wharf.Hosting;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// What a service's process says on its own initiative, its events and its requests, checked
/// against what its <see cref="ServiceDefinition"/> declares it may report and ask. The
/// supervisor knows services only by their declarations, never by name.
/// </summary>
internal sealed partial class ServiceReports(ServiceDefinition definition, SupervisorContext context)
{
    public void OnMessage(ServiceProcess process, ControlMessage message)
    {
        if (message is { Type: ControlMessageType.Event, Event: { } e }) OnEvent(process, e, message.Detail);
        else if (message is { Type: ControlMessageType.Request, Request: { } request }) _ = AnswerAsync(process, message.Seq, request);
        else if (message.Type is ControlMessageType.PoolReport or ControlMessageType.WorkerRequests) OnPoolMessage(process, message);
    }

    /// <summary>Only a service that carries the pools' requests may report about them, or answer which requests a worker served.</summary>
    private void OnPoolMessage(ServiceProcess process, ControlMessage message)
    {
        if (!definition.ServesPools)
        {
            LogRefusedPoolMessage(context.Log, definition.Name, process.Pid, message.Type.Spelling());
            return;
        }
        if (message.Type == ControlMessageType.WorkerRequests) process.AnswerWorkerRequests(message);
        else if (message.PoolReport is { } report) context.PoolReports?.Invoke(report);
    }

    private void OnEvent(ServiceProcess process, EventName name, string? detail)
    {
        if (!definition.MayReportEvent(name))
        {
            LogRefusedEvent(context.Log, definition.Name, process.Pid, name.Spelling());
            return;
        }
        // The service that watches the configuration file: status warns while the file on disk is
        // not what runs (set before the event is written, so whoever sees the event sees the note).
        if (definition.ReportsConfigurationHealth && name == EventName.ConfigInvalid) context.ConfigNote = detail;
        else if (definition.ReportsConfigurationHealth && name == EventName.ConfigFixed) context.ConfigNote = null;
        context.Events.Write(definition.Name, name, detail, process.Pid);
    }

    /// <summary>A request the service may make is carried out; its progress and final reply go back on its channel with the request's seq.</summary>
    private async Task AnswerAsync(ServiceProcess process, long? seq, ControlRequest request)
    {
        var answered = false;
        Task Send(ControlReply reply)
        {
            if (reply.Type != ControlReplyType.Progress) answered = true;
            return process.SendAsync(new ControlMessage { Type = ControlMessageType.Reply, Seq = seq, Reply = reply });
        }

        if (!definition.MayAskFor(request.Command))
        {
            LogRefusedRequest(context.Log, definition.Name, process.Pid, request.Command.Spelling());
            await Send(new ControlReply { Type = ControlReplyType.Error, Message = $"{definition.Name} may not ask the supervisor for '{request.Command.Spelling()}'" });
            return;
        }
        try
        {
            if (context.ServiceRequests is { } handle) await handle(definition.Name, process.Pid, request, Send);
            if (!answered) await Send(new ControlReply { Type = ControlReplyType.Error, Message = "the supervisor gave no answer" });
        }
        catch (Exception e)
        {
            context.Log.LogError(e, "Request {Command} from {Service} failed", request.Command.Spelling(), definition.Name);
            if (!answered) await Send(new ControlReply { Type = ControlReplyType.Error, Message = $"{request.Command.Spelling()} failed in the supervisor: {e.Message}" });
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "{Service} pid {Pid} reported the event '{Event}', which its definition does not let it report; refused")]
    private static partial void LogRefusedEvent(ILogger logger, string service, int pid, string @event);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "{Service} pid {Pid} sent '{Type}', which only a service that serves application pools may send; refused")]
    private static partial void LogRefusedPoolMessage(ILogger logger, string service, int pid, string type);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "{Service} pid {Pid} asked for '{Command}', which its definition does not let it ask; refused")]
    private static partial void LogRefusedRequest(ILogger logger, string service, int pid, string command);
}
