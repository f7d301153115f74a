package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.CodeLink;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkExtractorTest {

  private final LinkExtractor extractor = new LinkExtractor();

  @Test
  void shouldNormalizeGithubLinksToOwnerAndRepo() {
    List<CodeLink> links =
        extractor.extract(
            "Code: https://GitHub.com/Foo-Org/bar.git. Also see"
                + " (https://github.com/foo-org/baz/tree/main/src), and www.github.com/a/b.");

    assertThat(links)
        .extracting(CodeLink::getUrl)
        .containsExactly(
            "https://github.com/Foo-Org/bar",
            "https://github.com/foo-org/baz",
            "https://github.com/a/b");
    assertThat(links).extracting(CodeLink::getKind).containsOnly("GITHUB");
    assertThat(links.get(0).getRaw()).isEqualTo("https://GitHub.com/Foo-Org/bar.git");
    assertThat(links).allMatch(CodeLink::getValid);
  }

  @Test
  void shouldClassifyHuggingFaceProjectPagesAndOthers() {
    List<CodeLink> links =
        extractor.extract(
            "Models at huggingface.co/org/model; page https://Lab.GitHub.io/proj/ and"
                + " http://example.org/paper?id=3!");

    assertThat(links)
        .extracting(CodeLink::getUrl, CodeLink::getKind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("https://huggingface.co/org/model", "HUGGINGFACE"),
            org.assertj.core.groups.Tuple.tuple("https://lab.github.io/proj", "PROJECT_PAGE"),
            org.assertj.core.groups.Tuple.tuple("https://example.org/paper?id=3", "OTHER"));
  }

  @Test
  void shouldKeepBalancedParenthesesAndTrimUnbalancedOnes() {
    assertThat(LinkExtractor.trimTrailing("https://x.org/a_(b)")).isEqualTo("https://x.org/a_(b)");
    assertThat(LinkExtractor.trimTrailing("https://x.org/a).")).isEqualTo("https://x.org/a");
  }

  @Test
  void shouldKeepBrokenLinksRawAndFlagThem() {
    List<CodeLink> links = extractor.extract("See https://exa%zzmple.com/x and https://nohost/.");

    assertThat(links).hasSize(2).noneMatch(CodeLink::getValid);
    assertThat(links).allMatch(l -> l.getUrl().equals(l.getRaw()));
  }

  @Test
  void shouldDropDuplicatesByNormalizedUrl() {
    assertThat(extractor.extract("https://github.com/a/b and https://github.com/a/b.git and more."))
        .hasSize(1);
  }

  @Test
  void shouldRecoverLinksMalformedByLatexBraces() {
    List<CodeLink> links =
        extractor.extract(
            "Code: https://github.com/x/y{https://github.com/x/y}. Page:"
                + " https://llm-stacking.github.io/{https://llm-stacking.github.io/}. See"
                + " progress.\\url{https://github.com/a/b}");

    assertThat(links)
        .extracting(CodeLink::getUrl)
        .containsExactly(
            "https://github.com/x/y", "https://llm-stacking.github.io", "https://github.com/a/b");
    assertThat(links).allMatch(CodeLink::getValid);
  }

  @Test
  void shouldClassHuggingFaceMirrorsAndShortHostsAsHuggingFace() {
    List<CodeLink> links =
        extractor.extract(
            "Weights: https://hf-mirror.com/org/model, hf.co/org/data, https://www.hf.co/x/y,"
                + " https://org-demo.hf.space and https://huggingface.co/spaces/a/b;"
                + " not https://nothf.co/a.");

    assertThat(links)
        .extracting(CodeLink::getKind)
        .containsExactly(
            "HUGGINGFACE", "HUGGINGFACE", "HUGGINGFACE", "HUGGINGFACE", "HUGGINGFACE", "OTHER");
    assertThat(links.get(0).getUrl()).isEqualTo("https://hf-mirror.com/org/model");
  }

  @Test
  void shouldTellCodeRepositoriesFromHubsDataHostsLeaderboardsAndShorteners() {
    String[][] cases = {
      {"https://github.com/a/b", "GITHUB"},
      {"https://gitlab.com/group/project", "CODE_HOST"},
      {"https://bitbucket.org/team/repo", "CODE_HOST"},
      {"https://huggingface.co/org/model", "HUGGINGFACE"},
      {"https://hf-proxy-cf.effarig.site/datasets/org/data", "HUGGINGFACE"},
      {"https://catalog.ngc.nvidia.com/orgs/nvidia/models/x", "MODEL_HUB"},
      {"https://nihcc.app.box.com/v/ChestXray-NIHCC", "DATA_HOST"},
      {"https://ogb.stanford.edu/docs/lsc", "DATA_HOST"},
      {"https://zenodo.org/records/123", "DATA_HOST"},
      {"https://rank.opencompass.org.cn/leaderboard-llm", "OTHER"},
      {"https://ibm.biz/BdaBcD", "OTHER"},
      {"https://aka.ms/GeneralAI", "OTHER"},
    };
    for (String[] c : cases) {
      assertThat(LinkExtractor.normalize(c[0]).getKind()).as(c[0]).isEqualTo(c[1]);
      assertThat(LinkExtractor.Kind.of(c[1]).isCodeRepository())
          .as(c[0])
          .isEqualTo(c[1].equals("GITHUB") || c[1].equals("CODE_HOST"));
    }
    assertThat(LinkExtractor.Kind.of("A_LATER_KIND")).isEqualTo(LinkExtractor.Kind.OTHER);
  }
}
