namespace Wharf.Www.Tls;

/// <summary>
/// A certificate that cannot be served. The message names the site, the binding and the file,
/// because it ends up in the event log and in the admin API's answer to a configuration change.
/// </summary>
internal sealed class CertificateLoadException(string message, Exception? inner = null) : Exception(message, inner);
