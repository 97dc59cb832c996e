package ru.myservice.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;

/** A set of address ranges in CIDR form ({@code 185.71.76.0/27}, {@code 2a02:5180::/32}, or a bare address). */
public final class IpRanges {

    private record Range(BigInteger network, int bits, int length) {

        boolean contains(byte[] address) {
            if (address.length * 8 != length) {
                return false;
            }
            BigInteger value = new BigInteger(1, address);
            int shift = length - bits;
            return value.shiftRight(shift).equals(network.shiftRight(shift));
        }
    }

    private final List<Range> ranges;
    private final String text;

    private IpRanges(List<Range> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException naming the entry that is not an address range; host names are
     *     refused, as resolving them would make the list depend on DNS
     */
    public static IpRanges parse(List<String> entries) {
        List<Range> ranges = entries.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(IpRanges::range)
                .toList();
        return new IpRanges(ranges, String.join(",", entries));
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String host = slash < 0 ? entry : entry.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("Not an IP address range: " + entry);
        }
        byte[] address = literal(host).getAddress();
        int length = address.length * 8;
        int bits = slash < 0 ? length : Integer.parseInt(entry.substring(slash + 1));
        if (bits < 0 || bits > length) {
            throw new IllegalArgumentException("Bad prefix length in " + entry);
        }
        return new Range(new BigInteger(1, address), bits, length);
    }

    public boolean contains(String address) {
        if (address == null) {
            return false;
        }
        try {
            byte[] bytes = literal(address.trim()).getAddress();
            return ranges.stream().anyMatch(r -> r.contains(bytes))
                    || (bytes.length == 16 && isMappedV4(bytes) && contains(v4Of(bytes)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isMappedV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static String v4Of(byte[] bytes) {
        return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
    }

    /** Parses an address literal without ever asking DNS. */
    private static InetAddress literal(String host) {
        String plain = host.contains("%") ? host.substring(0, host.indexOf('%')) : host;
        if (!plain.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("Not an IP address: " + host);
        }
        try {
            return InetAddress.ofLiteral(plain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an IP address: " + host, e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
