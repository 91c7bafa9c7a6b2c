using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace MetricStream.SchemaRegistry.Client.Internal;

/// <summary>
/// A cache of values fetched asynchronously, where concurrent callers for the same key share one fetch
/// (so the registry is asked once), failed fetches are forgotten (so the next caller tries again), and
/// successful ones are kept for the life of the cache. Unbounded: it holds schemas, of which there are few.
/// Thread-safe.
/// </summary>
internal sealed class AsyncCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _entries = new();

    /// <summary>Number of entries, fetches in flight included.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Returns the cached value of <paramref name="key"/>, or starts <paramref name="fetch"/> (once across
    /// concurrent callers). The fetch itself is not cancelled by <paramref name="cancellationToken"/>, which
    /// only stops this caller's wait: other callers may be sharing it.
    /// </summary>
    public Task<TValue> GetOrFetchAsync(TKey key, Func<TKey, Task<TValue>> fetch, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => fetch(k)));
        var task = entry.Value;
        if (!task.IsCompleted)
        {
            _ = task.ContinueWith(
                (_, state) => Forget(key, (Lazy<Task<TValue>>)state!),
                entry,
                CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        else if (!task.IsCompletedSuccessfully)
        {
            Forget(key, entry);
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Stores a value learnt from elsewhere (e.g. the answer of a registration).</summary>
    public void Add(TKey key, TValue value) => _entries.TryAdd(key, new Lazy<Task<TValue>>(Task.FromResult(value)));

    /// <summary>The value of <paramref name="key"/> if it was fetched successfully; never starts a fetch.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
        {
            value = entry.Value.Result;
            return true;
        }

        value = default;
        return false;
    }

    private void Forget(TKey key, Lazy<Task<TValue>> entry) => _entries.TryRemove(KeyValuePair.Create(key, entry));
}
