package dev.tierkit.cache.protocol;

/**
 * One decoded request. Messages holding a data block ({@link StorageCommand}, {@link MetaCommand})
 * are reference counted: whoever receives them releases them.
 */
public sealed interface MemcacheCommand
    permits StorageCommand,
        RetrievalCommand,
        DeleteCommand,
        ArithmeticCommand,
        TouchCommand,
        FlushAllCommand,
        StatsCommand,
        VerbosityCommand,
        ControlCommand,
        InvalidCommand,
        TooLargeCommand,
        MetaCommand {}
