package org.smalltolarge.corpus.build.sources;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough RFC 822 / MIME to get a mail's subject and readable text body. */
record MailMessage(Map<String, String> headers, String body) {
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([^\";\\s]+)\"?", Pattern.CASE_INSENSITIVE);

    static MailMessage parse(String raw) {
        String s = raw.replace("\r\n", "\n");
        int split = s.indexOf("\n\n");
        String head = split < 0 ? s : s.substring(0, split);
        String body = split < 0 ? "" : s.substring(split + 2);
        Map<String, String> headers = new LinkedHashMap<>();
        String last = null;
        for (String line : head.split("\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                headers.put(last, headers.get(last) + " " + line.strip());
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    headers.putIfAbsent(last, line.substring(colon + 1).strip());
                }
            }
        }
        return new MailMessage(headers, body);
    }

    String subject() {
        return decodeWords(headers.getOrDefault("subject", ""));
    }

    /** The first text/plain part, else the first text/html part with tags removed. */
    String textBody() {
        String plain = find(this, "text/plain", 0);
        if (plain != null) {
            return plain;
        }
        String html = find(this, "text/html", 0);
        return html == null ? "" : stripHtml(html);
    }

    private static String find(MailMessage m, String wanted, int depth) {
        String type = m.headers.getOrDefault("content-type", "text/plain").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/") && depth < 5) {
            Matcher b = BOUNDARY.matcher(m.headers.getOrDefault("content-type", ""));
            if (!b.find()) {
                return null;
            }
            String[] parts = m.body.split("\n--" + Pattern.quote(b.group(1)));
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].startsWith("--")) {
                    break;
                }
                String found = find(parse(parts[i].replaceFirst("^[^\n]*\n", "")), wanted, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (!type.startsWith(wanted) && !(wanted.equals("text/plain") && !type.contains("/"))) {
            return null;
        }
        return decodeBody(m.body, m.headers.getOrDefault("content-transfer-encoding", "7bit"),
                m.headers.getOrDefault("content-type", ""));
    }

    private static String decodeBody(String body, String encoding, String contentType) {
        String enc = encoding.strip().toLowerCase(Locale.ROOT);
        byte[] bytes;
        if (enc.equals("base64")) {
            try {
                bytes = Base64.getMimeDecoder().decode(body.strip());
            } catch (IllegalArgumentException e) {
                return body;
            }
        } else if (enc.equals("quoted-printable")) {
            bytes = quotedPrintable(body.replaceAll("=\n", ""), false);
        } else {
            return body;
        }
        return new String(bytes, charset(contentType));
    }

    private static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (m.find()) {
            try {
                return Charset.forName(m.group(1));
            } catch (RuntimeException ignored) {
                // unknown charset names are common in spam: fall back below
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    private static byte[] quotedPrintable(String s, boolean underscoreIsSpace) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '_' && underscoreIsSpace) {
                out.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static String decodeWords(String header) {
        Matcher m = ENCODED_WORD.matcher(header);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String decoded;
            try {
                Charset cs = Charset.forName(m.group(1));
                byte[] bytes = m.group(2).equalsIgnoreCase("B") ? Base64.getDecoder().decode(m.group(3))
                        : quotedPrintable(m.group(3), true);
                decoded = new String(bytes, cs);
            } catch (RuntimeException e) {
                decoded = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String stripHtml(String html) {
        String s = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>|</h\\d>", "\n")
                .replaceAll("(?s)<[^>]*>", " ")
                .replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'");
        return s.replaceAll("[ \t]+", " ").replaceAll("\n[ \t]+", "\n").replaceAll("\n{3,}", "\n\n");
    }
}
