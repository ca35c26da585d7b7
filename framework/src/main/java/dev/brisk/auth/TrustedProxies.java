package dev.brisk.auth;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the client IP of a request: the peer address, unless the peer is a trusted proxy, in
 * which case {@code X-Forwarded-For} is read right to left, skipping trusted hops, and the first
 * untrusted address is the client. Without trusted proxies the header is ignored, so clients
 * cannot choose their own address.
 *
 * <p>{@code TrustedProxies.parse("10.0.0.0/8, ::1").clientIp("10.1.2.3", "203.0.113.9")}
 *
 * <p>Immutable and thread-safe; pure CPU work (no DNS).
 */
public final class TrustedProxies {

  private final List<Cidr> cidrs;

  private TrustedProxies(List<Cidr> cidrs) {
    this.cidrs = List.copyOf(cidrs);
  }

  /** No trusted proxies: the peer address is always the client. */
  public static TrustedProxies none() {
    return new TrustedProxies(List.of());
  }

  /**
   * Parses comma-separated addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}).
   *
   * @throws IllegalArgumentException naming an entry that is not an IP literal or prefix
   */
  public static TrustedProxies parse(String list) {
    List<Cidr> cidrs = new ArrayList<>();
    if (list != null) {
      for (String entry : list.split(",")) {
        if (!entry.isBlank()) {
          cidrs.add(Cidr.parse(entry.trim()));
        }
      }
    }
    return new TrustedProxies(cidrs);
  }

  /** Whether any proxy is trusted. */
  public boolean isEmpty() {
    return cidrs.isEmpty();
  }

  /**
   * The client address for a request from {@code peer} carrying {@code forwardedFor}: the value
   * of every {@code X-Forwarded-For} line, in order, joined by commas (or null when none).
   */
  public String clientIp(String peer, String forwardedFor) {
    if (forwardedFor == null || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
        // A malformed entry was written by whoever is left of the last trusted hop.
        return peer;
      }
      if (!isTrusted(hop)) {
        return hop;
      }
      peer = hop;
    }
    return peer;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return false;
    }
    for (Cidr c : cidrs) {
      if (c.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  private record Cidr(byte[] network, int bits) {

    static Cidr parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
      if (bytes == null) {
        throw new IllegalArgumentException("trusted-proxies entries must be IP addresses or "
            + "CIDR blocks, was '" + entry + "'");
      }
      int bits = bytes.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > bytes.length * 8) {
          throw new IllegalArgumentException("trusted-proxies prefix length must be 0.."
              + bytes.length * 8 + ", was '" + entry + "'");
        }
      }
      return new Cidr(bytes, bits);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return rest == 0 || (address[full] & mask) == (network[full] & mask);
    }
  }
}
