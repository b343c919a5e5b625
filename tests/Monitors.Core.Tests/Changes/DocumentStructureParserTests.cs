using Monitors.Core.Changes.Structure;

namespace Monitors.Core.Tests.Changes;

public sealed class DocumentStructureParserTests
{
    private static DocumentTree Parse(string text) => new DocumentStructureParser().Parse(text);

    private static string[] Paths(DocumentTree tree) => tree.Nodes.Select(n => n.Path).ToArray();

    [Fact]
    public void Parse_DottedClausesWrittenAsParagraphs_NestByTheirNumber()
    {
        var tree = Parse("""
            ## 50. AI Services

            50.12. Amazon Bedrock.

            50.12.1. Customers may use models made available through Amazon Bedrock.

            50.12.5. Third-party models.

            50.12.5.1. AWS may notify Anthropic which metadata is present in your Service inputs.

            50.13. Amazon Q.

            """);

        Assert.Equal(["50", "50 › 50.12", "50 › 50.12 › 50.12.1", "50 › 50.12 › 50.12.5", "50 › 50.12 › 50.12.5 › 50.12.5.1", "50 › 50.13"], Paths(tree));
        var bedrock = tree.FindByPath("50 › 50.12")!;
        Assert.Equal("Amazon Bedrock", bedrock.Title);
        Assert.Equal("AI Services", tree.FindByPath("50")!.Title);
        Assert.Equal(SectionNodeKind.Clause, bedrock.Kind);
        Assert.Equal("50. AI Services › 50.12 Amazon Bedrock › 50.12.5 Third-party models", tree.FindByPath("50 › 50.12 › 50.12.5 › 50.12.5.1")!.Breadcrumb);
    }

    [Fact]
    public void Parse_DecimalWithoutTrailingDot_AndLeadInTitle()
    {
        var tree = Parse("""
            ## 1. Services

            1.1 Services Term. OpenAI will deliver the Services for the Services Term.

            1.2 Renewal. Renewal terms are listed on the Order Form.

            """);

        Assert.Equal(["1", "1 › 1.1", "1 › 1.2"], Paths(tree));
        Assert.Equal("Services Term", tree.Nodes[1].Title);
        Assert.Equal("Services Term. OpenAI will deliver the Services for the Services Term.", tree.Nodes[1].Body);
    }

    [Fact]
    public void Parse_LetteredAndRomanSubClauses_NestUnderTheirClause()
    {
        var tree = Parse("""
            ## 3. Restrictions

            3.1. Customer will not:

            (a) reverse engineer the Services;

            (b) resell the Services, except:

            (i) to its affiliates; or

            (ii) with written consent;

            (c) use the Services unlawfully.

            3.2. Enforcement. We may act on breaches.

            """);

        Assert.Equal(
            ["3", "3 › 3.1", "3 › 3.1 › (a)", "3 › 3.1 › (b)", "3 › 3.1 › (b) › (i)", "3 › 3.1 › (b) › (ii)", "3 › 3.1 › (c)", "3 › 3.2"],
            Paths(tree));
    }

    [Fact]
    public void Parse_LetterIAfterH_IsALetterNotARomanNumeral()
    {
        var tree = Parse("""
            1. Definitions

            (g) "Input" means prompts;

            (h) "Output" means completions;

            (i) "Services" means the services;

            (j) "Terms" means these terms.

            """);

        Assert.Equal(["1", "1 › (g)", "1 › (h)", "1 › (i)", "1 › (j)"], Paths(tree));
    }

    [Fact]
    public void Parse_SectionAndArticleKeywords_AreLabels()
    {
        var tree = Parse("""
            # Terms

            Article 7 – Liability

            1. The provider is liable for intent and gross negligence.

            2. Otherwise liability is excluded.

            Article 8 – Termination

            Section 3 of these Terms applies to every order placed through the website by any customer at any time whatsoever.

            """);

        Assert.Equal(
            ["Terms", "Article 7", "Article 7 › 1", "Article 7 › 2", "Article 8", "Article 8 › ¶ 1"],
            Paths(tree));
        Assert.Equal("Liability", tree.FindByPath("Article 7")!.Title);
        // A sentence that merely starts with "Section 3" is not a numbered clause.
        Assert.Null(tree.Nodes[^1].Label);
    }

    [Fact]
    public void Parse_LetteredSectionsWithDottedClauses_AndSetextHeadings()
    {
        var tree = Parse("""
            Data Processing Addendum
            ========================

            Effective 1 March 2026

            A. Definitions
            --------------

            A.1. **"GDPR"** means Regulation (EU) 2016/679.

            B. Processing
            -------------

            B.3. Anthropic will not:

            B.3.a. sell Customer Personal Data;

            B.3.b. retain Customer Personal Data longer than needed.

            """);

        Assert.Equal(["Data Processing Addendum", "¶ 1", "A", "A › A.1", "B", "B › B.3", "B › B.3 › B.3.a", "B › B.3 › B.3.b"], Paths(tree));
        Assert.Equal("A.1. \"GDPR\" means Regulation (EU) 2016/679.", tree.FindByPath("A › A.1")!.Text);
        Assert.True(tree.Nodes[0].IsDocumentTitle);
        Assert.Equal("B. Processing › B.3", tree.FindByPath("B › B.3 › B.3.a")!.Breadcrumb);
    }

    [Fact]
    public void Parse_NestedListsInCanonicalForm_NestByIndentation()
    {
        var tree = Parse("""
            ## Data we collect

            We collect:

            - Account data
              - name
              - email address
            - Usage data

            1. First step
            2. Second step

            """);

        Assert.Equal(
            ["Data we collect", "Data we collect › ¶ 1", "Data we collect › ¶ 1 › ¶ 1", "Data we collect › ¶ 1 › ¶ 1 › ¶ 1", "Data we collect › ¶ 1 › ¶ 1 › ¶ 2", "Data we collect › ¶ 1 › ¶ 2", "Data we collect › ¶ 1 › 1", "Data we collect › ¶ 1 › 2"],
            Paths(tree));
        Assert.All(tree.Nodes.Skip(2), node => Assert.Equal(SectionNodeKind.ListItem, node.Kind));
    }

    [Fact]
    public void Parse_TextWithoutHeadingsOrNumbers_FallsBackToParagraphs()
    {
        var tree = Parse("We value your privacy.\n\nWe collect what you give us.\n\nWe never sell it.\n");

        Assert.Equal(["¶ 1", "¶ 2", "¶ 3"], Paths(tree));
        Assert.All(tree.Nodes, node => Assert.Equal(SectionNodeKind.Paragraph, node.Kind));
        Assert.Equal("We collect what you give us.", tree.Nodes[1].Text);
    }

    [Fact]
    public void Parse_ParagraphsUnderAHeading_TakeTheHeadingPath()
    {
        var tree = Parse("# Privacy\n\n## How we use data\n\nTo provide the services.\n\nTo improve them.\n\n## Your rights\n\nYou may object.\n");

        Assert.Equal(["How we use data", "How we use data › ¶ 1", "How we use data › ¶ 2", "Your rights", "Your rights › ¶ 1"], Paths(tree).Skip(1).ToArray());
    }

    [Fact]
    public void Parse_ScheduleLine_OpensADivisionAboveTheLetteredHeadings()
    {
        var tree = Parse("""
            # Addendum

            ## A. Definitions

            A.1. Terms mean what they say.

            Schedule 1 - Details of Processing

            ## A. List of Parties

            A.1. Data Exporter: the Customer.

            ## Schedule 2 - Security Measures

            ## A. Access Controls

            """);

        Assert.Equal(["Addendum", "A", "A › A.1", "Schedule 1", "Schedule 1 › A", "Schedule 1 › A › A.1", "Schedule 2", "Schedule 2 › A"], Paths(tree));
        Assert.Equal("Details of Processing", tree.FindByPath("Schedule 1")!.Title);
    }

    [Fact]
    public void Parse_TableRows_AreNodesAndSeparatorsAreSkipped()
    {
        var tree = Parse("## Subprocessors\n\n| Name | Purpose |\n| --- | --- |\n| Stripe | Billing |\n| Twilio | SMS |\n");

        Assert.Equal(["Subprocessors", "Subprocessors › ¶ 1", "Subprocessors › ¶ 2", "Subprocessors › ¶ 3"], Paths(tree));
        Assert.Equal("| Stripe | Billing |", tree.Nodes[2].Text);
        Assert.Equal(SectionNodeKind.TableRow, tree.Nodes[2].Kind);
    }

    [Fact]
    public void Parse_SyntheticDocument_EveryPathIsUnique()
    {
        var tree = Parse(SyntheticLegalText.Terms(60_000));

        Assert.Equal(tree.Nodes.Count, tree.Nodes.Select(n => n.Path).Distinct().Count());
        Assert.Contains(tree.Nodes, n => n.Path == "2 › 2.3 › (b)");
    }
}
