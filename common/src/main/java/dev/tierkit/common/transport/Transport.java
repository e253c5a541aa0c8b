package dev.tierkit.common.transport;

import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Netty I/O transport, in order of preference: io_uring, then epoll, then NIO.
 *
 * <p>Availability is probed lazily through Netty's own checks ({@link IoUring#isAvailable()},
 * {@link Epoll#isAvailable()}); a native transport can be missing because the platform is not
 * Linux, the native library could not load, or the kernel refuses the system calls (io_uring is
 * often disabled in containers). {@link #unavailabilityCause()} says which.
 */
public enum Transport {
  IO_URING {
    @Override
    public boolean isAvailable() {
      return IoUring.isAvailable();
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
      return Optional.ofNullable(IoUring.unavailabilityCause());
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return IoUringIoHandler.newFactory();
    }

    @Override
    public Class<? extends ServerChannel> serverChannelClass() {
      return IoUringServerSocketChannel.class;
    }

    @Override
    public Class<? extends SocketChannel> socketChannelClass() {
      return IoUringSocketChannel.class;
    }

    @Override
    public Class<? extends DatagramChannel> datagramChannelClass() {
      return IoUringDatagramChannel.class;
    }
  },
  EPOLL {
    @Override
    public boolean isAvailable() {
      return Epoll.isAvailable();
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
      return Optional.ofNullable(Epoll.unavailabilityCause());
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return EpollIoHandler.newFactory();
    }

    @Override
    public Class<? extends ServerChannel> serverChannelClass() {
      return EpollServerSocketChannel.class;
    }

    @Override
    public Class<? extends SocketChannel> socketChannelClass() {
      return EpollSocketChannel.class;
    }

    @Override
    public Class<? extends DatagramChannel> datagramChannelClass() {
      return EpollDatagramChannel.class;
    }
  },
  NIO {
    @Override
    public boolean isAvailable() {
      return true;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
      return Optional.empty();
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return NioIoHandler.newFactory();
    }

    @Override
    public Class<? extends ServerChannel> serverChannelClass() {
      return NioServerSocketChannel.class;
    }

    @Override
    public Class<? extends SocketChannel> socketChannelClass() {
      return NioSocketChannel.class;
    }

    @Override
    public Class<? extends DatagramChannel> datagramChannelClass() {
      return NioDatagramChannel.class;
    }
  };

  /** Whether this transport can run in this JVM on this kernel. */
  public abstract boolean isAvailable();

  /** Why this transport cannot run here; empty when it can. */
  public abstract Optional<Throwable> unavailabilityCause();

  /** The factory for event loops of this transport. */
  public abstract IoHandlerFactory ioHandlerFactory();

  /** The listening TCP channel type. */
  public abstract Class<? extends ServerChannel> serverChannelClass();

  /** The connecting (client or upstream) TCP channel type. */
  public abstract Class<? extends SocketChannel> socketChannelClass();

  /** The UDP channel type. */
  public abstract Class<? extends DatagramChannel> datagramChannelClass();

  /**
   * The option that lets several sockets bind one port ({@code SO_REUSEPORT}, the kernel then
   * spreads datagrams and connections between them), or empty where the transport has none (NIO).
   */
  public Optional<ChannelOption<Boolean>> reusePortOption() {
    return switch (this) {
      case IO_URING -> Optional.of(IoUringChannelOption.SO_REUSEPORT);
      case EPOLL -> Optional.of(EpollChannelOption.SO_REUSEPORT);
      case NIO -> Optional.empty();
    };
  }

  /** The name users type on the command line: {@code io_uring}, {@code epoll}, {@code nio}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every transport that can run here, best first. */
  public static List<Transport> available() {
    return Arrays.stream(values()).filter(Transport::isAvailable).toList();
  }

  /** The best transport that can run here; NIO at worst. */
  public static Transport best() {
    return available().get(0);
  }
}
