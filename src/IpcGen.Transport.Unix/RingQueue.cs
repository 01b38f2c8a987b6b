namespace IpcGen.Unix;

/// <summary>A first-in, first-out queue over a reused array, with access by position from the head. It allocates
/// only when it grows.</summary>
internal sealed class RingQueue<T>
{
    private T[] _items = new T[16];
    private int _head;

    /// <summary>Number of queued items.</summary>
    public int Count { get; private set; }

    /// <summary>Item at <paramref name="index"/> positions from the head.</summary>
    public T this[int index] => _items[(_head + index) % _items.Length];

    /// <summary>Adds an item at the tail.</summary>
    public void Enqueue(T item)
    {
        if (Count == _items.Length)
        {
            var larger = new T[_items.Length * 2];
            for (int i = 0; i < Count; i++)
            {
                larger[i] = this[i];
            }

            _items = larger;
            _head = 0;
        }

        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    /// <summary>Removes and returns the item at the head.</summary>
    public T Dequeue()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The queue is empty.");
        }

        var item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        Count--;
        return item;
    }
}
