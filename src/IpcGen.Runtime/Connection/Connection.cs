using System.Diagnostics;
using IpcGen.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IpcGen;

/// <summary>
/// One side of a conversation between two processes over a <see cref="Transport"/>: this process implements
/// <typeparamref name="TLocal"/> and calls the peer's <typeparamref name="TPeer"/> through <see cref="Peer"/>.
/// Calls may come from any thread. Handlers run on the connection's synchronization context; a thread of that
/// context that waits for a synchronous response dispatches the peer's synchronous requests meanwhile. The
/// threading rules are in docs/semantics.md.
/// </summary>
/// <typeparam name="TLocal">The endpoint this process implements.</typeparam>
/// <typeparam name="TPeer">The endpoint the peer process implements.</typeparam>
public sealed partial class Connection<TLocal, TPeer> : IMessageSender, ITransportReceiver, IDisposable,
    IAsyncCallOwner
    where TLocal : class, IIpcEndpoint<TLocal>
    where TPeer : class, IIpcEndpoint<TPeer>
{
    private static readonly SendOrPostCallback s_dispatchCallback =
        static state => ((Connection<TLocal, TPeer>)state!).DispatchQueued();

    private readonly Transport _transport;
    private readonly EndpointDescriptor<TLocal> _local;
    private readonly EndpointDescriptor<TPeer> _peer;
    private readonly EndpointStub _stub;
    private readonly ILogger _logger;
    private readonly SynchronizationContext _context;
    private readonly IpcEventLoop? _ownedLoop;
    private readonly long _spinTicks;
    private readonly TimeSpan _syncCallTimeout;
    private readonly TimeSpan _deadlockDetectionDelay;
    private readonly long _maxQueuedInboundBytes;
    private readonly int _maxConcurrentIncomingAsync;

    // The thread inside OnMessage (the transport's IO thread or an inline reader) while it runs; 0 otherwise.
    private int _receiveThreadId;

    // Name of the message whose handler the dispatch thread runs, for the deadlock message. Written only by the
    // dispatch thread, read with Volatile.
    private string? _dispatchingMessage;

    // Everything below is guarded by _lock.
    private readonly object _lock = new();
    private readonly Dictionary<uint, PendingRequest> _pending = new();
    private readonly HashSet<uint> _abandonedRequests = new();
    private readonly Dictionary<uint, CancellationTokenSource> _incomingAsync = new();
    private readonly Queue<InboundItem> _syncInbound = new();
    private readonly Queue<InboundItem> _asyncInbound = new();
    private readonly Stack<SyncCall> _syncCallPool = new();
    private ConnectionState _state;
    private IpcDisconnectedException? _disconnectError;
    private string? _protocolViolation;
    private SyncCall? _dispatchWaiter;
    private bool _dispatchScheduled;
    private int _dispatchThreadId;
    private bool _helloReceived;
    private uint _lastRequestId;
    private long _inboundSequence;
    private long _queuedInboundBytes;

    private EventHandler<ConnectionDisconnectedEventArgs>? _disconnected;

    /// <summary>Creates a connection over <paramref name="transport"/>, which it owns from now on, for the local
    /// implementation <paramref name="local"/>. Call <see cref="Start"/> to begin receiving.</summary>
    public Connection(Transport transport, TLocal local, ConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(local);
        options ??= new ConnectionOptions();
        ValidateTimeout(options.SyncCallTimeout, nameof(options.SyncCallTimeout));
        ValidateTimeout(options.DeadlockDetectionDelay, nameof(options.DeadlockDetectionDelay));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(
            options.MaxQueuedInboundBytes, $"{nameof(options)}.{nameof(options.MaxQueuedInboundBytes)}");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxConcurrentIncomingAsyncRequests,
            $"{nameof(options)}.{nameof(options.MaxConcurrentIncomingAsyncRequests)}");

        _transport = transport;
        _local = TLocal.Descriptor;
        _peer = TPeer.Descriptor;
        _stub = _local.CreateStub(local);
        _logger = options.Logger is { } logger ? new GuardedLogger(logger) : NullLogger.Instance;
        _syncCallTimeout = options.SyncCallTimeout;
        _deadlockDetectionDelay = options.DeadlockDetectionDelay;
        _maxQueuedInboundBytes = options.MaxQueuedInboundBytes;
        _maxConcurrentIncomingAsync = options.MaxConcurrentIncomingAsyncRequests;
        _spinTicks = Math.Max(0, (long)(options.SyncSpinDuration.TotalSeconds * Stopwatch.Frequency));
        if (options.SynchronizationContext is { } context)
        {
            _context = context;
        }
        else
        {
            // The loop serves only this connection, so its thread can read the transport while it has nothing to
            // do and dispatch what it reads without waking another thread.
            _ownedLoop = new IpcEventLoop(options.SyncSpinDuration) { IdleTransport = transport };
            _context = _ownedLoop;
        }

        Peer = _peer.CreateProxy(this);
    }

    /// <summary>The proxy that implements the peer's endpoint by sending messages over this connection.</summary>
    public TPeer Peer { get; }

    /// <summary>The context on which handlers and the <see cref="Disconnected"/> event run.</summary>
    public SynchronizationContext SynchronizationContext => _context;

    /// <summary>Whether the connection has started and not yet disconnected.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _state == ConnectionState.Started;
            }
        }
    }

    /// <summary>
    /// Raised once when the connection ends, on the connection's context, after every message that arrived
    /// before the end was dispatched. A handler added after the end is not called.
    /// </summary>
    public event EventHandler<ConnectionDisconnectedEventArgs>? Disconnected
    {
        add
        {
            lock (_lock)
            {
                _disconnected += value;
            }
        }

        remove
        {
            lock (_lock)
            {
                _disconnected -= value;
            }
        }
    }

    private string LocalName => _local.Name;

    private string PeerName => _peer.Name;

    /// <summary>Starts the dispatch thread (without a context in the options), sends the hello message with both
    /// endpoints' names, magics and shape hashes, and starts the transport.</summary>
    /// <exception cref="InvalidOperationException">The connection was already started or disposed.</exception>
    public void Start()
    {
        lock (_lock)
        {
            if (_state != ConnectionState.Created)
            {
                throw new InvalidOperationException(
                    $"Connection {LocalName} to {PeerName} was already started or disposed; call Start once.");
            }

            _state = ConnectionState.Starting;
        }

        if (_ownedLoop is not null)
        {
            var thread = new Thread(static loop => ((IpcEventLoop)loop!).Run())
            {
                IsBackground = true,
                Name = $"IpcGen dispatch {LocalName}",
            };
            thread.Start(_ownedLoop);
        }

        // The hello goes out before the transport starts, so that no response to a peer's request can precede it.
        try
        {
            var hello = new HelloMessage(
                HelloMessage.ProtocolVersion, EndpointIdentity.Of(_local), EndpointIdentity.Of(_peer));
            SendFrame(hello, 0, MessageFlags.Hello, IpcLimits.MaxPayloadBytes, 0);
        }
        catch (IpcDisconnectedException exception)
        {
            // The transport is gone, and the Disconnected event may already be running a handler that disposes
            // this connection, so the transport must not be started.
            HandleDisconnect(new TransportDisconnect(exception.Reason, exception.Detail));
            return;
        }

        lock (_lock)
        {
            if (_state != ConnectionState.Starting)
            {
                // Disposed or disconnected while the hello was sent.
                return;
            }

            _state = ConnectionState.Started;
        }

        try
        {
            _transport.Start(this);
        }
        catch (ObjectDisposedException) when (!IsConnected)
        {
            // Dispose ran on another thread between the state check and the start; the connection is closed.
        }
    }

    /// <summary>Closes the connection without waiting for the peer: pending calls fail at once with
    /// <see cref="IpcDisconnectedException"/> (<see cref="DisconnectReason.LocalClosed"/>), and the
    /// <see cref="Disconnected"/> event follows on the context after the messages already received.</summary>
    public void Dispose()
    {
        bool started;
        lock (_lock)
        {
            started = _state is ConnectionState.Starting or ConnectionState.Started;
        }

        HandleDisconnect(new TransportDisconnect(DisconnectReason.LocalClosed, "the connection was disposed"));
        _transport.Dispose();
        if (!started)
        {
            _ownedLoop?.Stop();
        }
    }

    private static void ValidateTimeout(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(
                name, value, $"{name} must be positive or Timeout.InfiniteTimeSpan.");
        }
    }
}
