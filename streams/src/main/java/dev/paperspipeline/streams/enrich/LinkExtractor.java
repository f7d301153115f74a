package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.CodeLink;
import dev.paperspipeline.avro.EnrichedPaper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds code and project links in text (field {@code codeLinks}: those of the abstract) and
 * normalizes them: https scheme, host lower-cased, trailing punctuation trimmed, GitHub links
 * reduced to {@code https://github.com/owner/repo} without {@code .git}. A link that does not parse
 * is kept raw with {@code valid=false}.
 */
public final class LinkExtractor implements Enrichment {
  /**
   * Kinds of links, as written to {@link CodeLink#getKind()}. Only {@link #isCodeRepository code
   * repositories} make a paper one "with code"; model and dataset hubs are kinds of their own.
   */
  public enum Kind {
    /** A repository (or user) on github.com. */
    GITHUB,
    /** Hugging Face, a model and dataset hub (its Spaces and mirrors too). */
    HUGGINGFACE,
    /** A project page (GitHub Pages, a path naming a project, ...). */
    PROJECT_PAGE,
    /** A code repository on another forge: GitLab, Bitbucket, Codeberg, Gitee, SourceForge. */
    CODE_HOST,
    /** Another model hub or catalog: NVIDIA NGC, ModelScope, TF Hub, Kaggle models. */
    MODEL_HUB,
    /** A dataset host or file share: Zenodo, Figshare, Kaggle, PhysioNet, OGB, Box, Drive. */
    DATA_HOST,
    /** Anything else: a leaderboard, a URL shortener, a homepage, a broken link. */
    OTHER;

    /** Whether a link of this kind is a code repository: what the open-code share counts. */
    public boolean isCodeRepository() {
      return this == GITHUB || this == CODE_HOST;
    }

    /** The kind named {@code name}, {@link #OTHER} when none (a kind of a later version). */
    public static Kind of(String name) {
      for (Kind k : values()) {
        if (k.name().equals(name)) {
          return k;
        }
      }
      return OTHER;
    }
  }

  private static final String[] SCHEMES = {"https", "http"};

  private static final String[] BARE_HOSTS = {
    "www.", "github.com/", "huggingface.co/", "hf.co/", "hf-mirror.com/"
  };

  @Override
  public void enrich(TokenizedPaper paper, EnrichedPaper.Builder out) {
    out.setCodeLinks(extract(paper.abstractText()));
  }

  /** Distinct links in order of appearance (distinct by normalized url). */
  public List<CodeLink> extract(String text) {
    if (text == null) {
      return List.of();
    }
    // Only whitespace-separated words holding "://" or a known bare host can be links, so jump
    // from one such spot to the next (a few indexOf scans) and look at its word alone, instead
    // of at every word of the text.
    if (nextHit(text, 0, false) < 0) {
      return List.of();
    }
    // linkStart compares hosts with String.regionMatches(ignoreCase), which also lets a few
    // non-ASCII letters (dotless i) pass: once a text holds a link, look for those words too.
    int hit = nextHit(text, 0, true);
    Map<String, CodeLink> links = new LinkedHashMap<>();
    int n = text.length();
    while (hit >= 0) {
      int i = hit;
      while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
        i--;
      }
      int end = hit;
      while (end < n && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      if (end - i > 4) {
        int start = linkStart(text, i, end);
        if (start >= 0) {
          String raw = trimTrailing(stripUnsafe(text.substring(start, end)));
          if (!raw.isEmpty()) {
            CodeLink link = normalize(raw);
            links.putIfAbsent(link.getUrl(), link);
          }
        }
      }
      hit = nextHit(text, end, true);
    }
    return new ArrayList<>(links.values());
  }

  /**
   * A position at or after {@code from} of "://" or of a bare host in any case, or -1. Every bare
   * host holds a '.', so only the dots of the text are looked at. {@code unicodeCase} false:
   * without a lower-cased copy of the text, the host occurs in {@code text.toLowerCase(ROOT)} (only
   * ASCII letters lower-case to a host's letters there, so comparing ASCII ignoring case is exact);
   * true: as {@link String#regionMatches(boolean, int, String, int, int)} ignoring case.
   */
  private static int nextHit(String text, int from, boolean unicodeCase) {
    int scheme = text.indexOf("://", from);
    for (int dot = text.indexOf('.', from);
        dot >= 0 && (scheme < 0 || dot < scheme);
        dot = text.indexOf('.', dot + 1)) {
      // Most dots end sentences: every bare host has 'w' before its dot ("www.") or 'c' after
      // it, in either case (a non-ASCII char goes to the full comparison, which may fold it).
      char before = dot > 0 ? text.charAt(dot - 1) : ' ';
      char after = dot + 1 < text.length() ? text.charAt(dot + 1) : ' ';
      if ((before | 0x20) != 'w' && (after | 0x20) != 'c' && before < 128 && after < 128) {
        continue;
      }
      for (String host : BARE_HOSTS) {
        int start = dot - host.indexOf('.');
        if (start >= 0
            && (unicodeCase
                ? text.regionMatches(true, start, host, 0, host.length())
                : asciiRegionMatchesIgnoreCase(text, start, host))) {
          return dot;
        }
      }
    }
    return scheme;
  }

  /** Whether text at {@code start} is {@code lowerAscii}, ASCII letters compared ignoring case. */
  private static boolean asciiRegionMatchesIgnoreCase(String text, int start, String lowerAscii) {
    if (start + lowerAscii.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < lowerAscii.length(); k++) {
      char c = text.charAt(start + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lowerAscii.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Where a link starts in text[from, to), or -1. */
  private static int linkStart(String text, int from, int to) {
    int scheme = -1;
    for (int k = from; k + 3 <= to; k++) {
      if (text.charAt(k) == ':' && text.startsWith("//", k + 1)) {
        scheme = k;
        break;
      }
    }
    if (scheme >= 0) {
      for (String s : SCHEMES) {
        int start = scheme - s.length();
        if (start >= from && text.regionMatches(true, start, s, 0, s.length())) {
          return start;
        }
      }
      return -1;
    }
    int start = from;
    while (start < to && "([<{'\"`*".indexOf(text.charAt(start)) >= 0) {
      start++;
    }
    for (String host : BARE_HOSTS) {
      if (text.regionMatches(true, start, host, 0, host.length())) {
        return start;
      }
    }
    return -1;
  }

  /**
   * Cuts a link at characters that cannot be part of it (quotes, angle brackets, braces). Braces
   * are not allowed in a URL unencoded; in abstracts they come from LaTeX's url and href commands,
   * often flattened to {@code url{url}}, so what precedes one is the link.
   */
  private static String stripUnsafe(String s) {
    for (int k = 0; k < s.length(); k++) {
      if ("<>\"{}".indexOf(s.charAt(k)) >= 0) {
        return s.substring(0, k);
      }
    }
    return s;
  }

  /** Trims sentence punctuation after a link, and closing brackets that the link did not open. */
  static String trimTrailing(String s) {
    int end = s.length();
    while (end > 0) {
      char c = s.charAt(end - 1);
      if (".,;:!?'\"*`".indexOf(c) >= 0) {
        end--;
      } else if ((c == ')' && !opens(s, end, '(', ')'))
          || (c == ']' && !opens(s, end, '[', ']'))
          || (c == '}' && !opens(s, end, '{', '}'))) {
        end--;
      } else {
        break;
      }
    }
    return s.substring(0, end);
  }

  private static boolean opens(String s, int end, char open, char close) {
    int depth = 0;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == open) {
        depth++;
      } else if (c == close) {
        depth--;
      }
    }
    return depth >= 0;
  }

  /** Normalizes one link; never throws. */
  public static CodeLink normalize(String raw) {
    String s = raw;
    if (!s.regionMatches(true, 0, "http://", 0, 7) && !s.regionMatches(true, 0, "https://", 0, 8)) {
      s = "https://" + s;
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      return broken(raw);
    }
    String host = uri.getHost();
    if (host == null || host.indexOf('.') < 0 || host.startsWith(".") || host.endsWith(".")) {
      return broken(raw);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("www.")) {
      host = host.substring(4);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String[] segments = path.split("/");
    List<String> parts = new ArrayList<>();
    for (String seg : segments) {
      if (!seg.isEmpty()) {
        parts.add(seg);
      }
    }
    if (host.equals("github.com")) {
      if (parts.isEmpty()) {
        return broken(raw);
      }
      StringBuilder url = new StringBuilder("https://github.com/").append(parts.get(0));
      if (parts.size() > 1) {
        String repo = parts.get(1);
        if (repo.toLowerCase(Locale.ROOT).endsWith(".git")) {
          repo = repo.substring(0, repo.length() - 4);
        }
        url.append('/').append(repo);
      }
      return link(url.toString(), raw, Kind.GITHUB);
    }
    StringBuilder url = new StringBuilder("https://").append(host);
    if (uri.getPort() > 0 && uri.getPort() != 443 && uri.getPort() != 80) {
      url.append(':').append(uri.getPort());
    }
    for (String p : parts) {
      url.append('/').append(p);
    }
    if (uri.getRawQuery() != null) {
      url.append('?').append(uri.getRawQuery());
    }
    Kind kind;
    if (isHuggingFace(host)) {
      kind = Kind.HUGGINGFACE;
    } else if (matches(host, CODE_HOSTS) && !parts.isEmpty()) {
      kind = Kind.CODE_HOST;
    } else if (matches(host, MODEL_HUBS)
        || host.equals("kaggle.com") && !parts.isEmpty() && parts.get(0).equals("models")) {
      kind = Kind.MODEL_HUB;
    } else if (matches(host, DATA_HOSTS)) {
      kind = Kind.DATA_HOST;
    } else if (host.endsWith(".github.io")
        || host.endsWith(".gitlab.io")
        || host.endsWith(".pages.dev")
        || host.endsWith(".netlify.app")
        || host.equals("sites.google.com")
        || path.toLowerCase(Locale.ROOT).contains("project")) {
      kind = Kind.PROJECT_PAGE;
    } else {
      kind = Kind.OTHER;
    }
    return link(url.toString(), raw, kind);
  }

  /**
   * Hugging Face, its short host, its Spaces and its mirrors (hf-mirror.com, and
   * hf-proxy-cf.effarig.site, a proxy that digests carry in place of huggingface.co), with
   * subdomains.
   */
  private static boolean isHuggingFace(String host) {
    return matches(host, HUGGINGFACE_HOSTS);
  }

  /** Whether {@code host} is one of {@code hosts} or a subdomain of one. */
  private static boolean matches(String host, String[] hosts) {
    for (String h : hosts) {
      if (host.equals(h)
          || (host.endsWith(h) && host.charAt(host.length() - h.length() - 1) == '.')) {
        return true;
      }
    }
    return false;
  }

  private static final String[] HUGGINGFACE_HOSTS = {
    "huggingface.co", "hf.co", "hf.space", "hf-mirror.com", "hf-proxy-cf.effarig.site"
  };

  private static final String[] CODE_HOSTS = {
    "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "sourceforge.net", "sr.ht"
  };

  private static final String[] MODEL_HUBS = {
    "catalog.ngc.nvidia.com", "ngc.nvidia.com", "modelscope.cn", "tfhub.dev"
  };

  private static final String[] DATA_HOSTS = {
    "zenodo.org",
    "figshare.com",
    "kaggle.com",
    "physionet.org",
    "ogb.stanford.edu",
    "box.com",
    "dropbox.com",
    "drive.google.com",
    "dataverse.harvard.edu",
    "data.mendeley.com",
    "osf.io"
  };

  private static CodeLink broken(String raw) {
    return CodeLink.newBuilder()
        .setUrl(raw)
        .setRaw(raw)
        .setKind(Kind.OTHER.name())
        .setValid(false)
        .build();
  }

  private static CodeLink link(String url, String raw, Kind kind) {
    return CodeLink.newBuilder()
        .setUrl(url)
        .setRaw(raw)
        .setKind(kind.name())
        .setValid(true)
        .build();
  }
}
