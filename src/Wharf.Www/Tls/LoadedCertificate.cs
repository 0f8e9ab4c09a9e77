using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Www.Tls;

/// <summary>
/// A certificate ready to serve: the leaf with its key, and the context that also holds the chain
/// (SslStream sends it; built once, not per handshake), with the file stamp it was loaded at.
/// </summary>
internal sealed record LoadedCertificate(X509Certificate2 Leaf, SslStreamCertificateContext Context, FileStamp Stamp);
