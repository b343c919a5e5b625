namespace Monitors.Cli.Sites;

/// <summary>
/// Synthetic governance documents of the demo's three platforms, written for this project, in the versions the demo
/// rounds serve. Clause-numbered like real terms, and changed where real terms change: AI training on customer data,
/// sub-processors, retention, arbitration, liability.
/// </summary>
internal static class DemoTexts
{
    // ---- Example AI: an AI assistant ---------------------------------------------------------------------------------

    public static string Terms(int round)
    {
        var lastUpdated = round >= 3 ? "1 March 2026" : "12 January 2026";
        var training = round >= 3
            ? "<p>4.3. We may use Customer Content to train and improve our models unless you opt out in your account settings. Opting out does not apply to content you submit as feedback.</p>"
            : string.Empty;
        var link = round >= 2 ? "https://example.test/help/opt-out?utm_source=terms&amp;session=7f3a9c" : "https://example.test/help/opt-out";
        return $"""
            <h1>Example AI Terms of Service</h1>
            <p>Last updated: {lastUpdated}</p>
            <h2>1. Acceptance</h2>
            <p>1.1. By using the Example AI services you agree to these Terms.</p>
            <p>1.2. If you use the services on behalf of an organisation, you accept these Terms for that organisation.</p>
            <h2>2. Your Account</h2>
            <p>2.1. You must be at least 18 years old to create an account.</p>
            <p>2.2. You are responsible for all activity under your account.</p>
            <h2>3. Acceptable Use</h2>
            <p>3.1. You may not use the services to generate content that is unlawful, deceptive or harmful.</p>
            <p>3.2. We may suspend accounts that break this section, with notice where the law allows.</p>
            <h2>4. Content</h2>
            <p>4.1. You own the content you submit ("Customer Content") and the output generated for you.</p>
            <p>4.2. You grant us a licence to host and process Customer Content to provide the services. See <a href="{link}">how to opt out</a>.</p>
            {training}
            <h2>5. Disputes</h2>
            <p>5.1. These Terms are governed by the laws of Ireland.</p>
            <p>5.2. Any dispute will be resolved by the courts of Dublin.</p>
            """;
    }

    public static string Privacy(int round)
    {
        // Round 2 rewrites the date format only: normalisation makes that no change at all.
        var updated = round >= 2 ? "July 8, 2026" : "8 July 2026";
        var retention = round >= 5 ? "90 days" : "30 days";
        return $"""
            <h1>Example AI Privacy Policy</h1>
            <p>Effective date: {updated}</p>
            <h2>What we collect</h2>
            <ul>
              <li>Account information: name, email address and billing details.</li>
              <li>Prompts and outputs you exchange with the services.</li>
              <li>Technical data such as IP address and device type.</li>
            </ul>
            <h2>How long we keep it</h2>
            <p>We keep prompts and outputs for {retention} after you delete a conversation, then delete them from our systems.</p>
            <h2>Who we share it with</h2>
            <p>We share personal data with our sub-processors listed at <a href="https://example.test/subprocessors">our sub-processor page</a>, under data processing agreements.</p>
            <h2>Your rights</h2>
            <p>You may access, correct or delete your personal data by writing to privacy@example.test.</p>
            """;
    }

    public static string AiTerms(int round)
    {
        var review = round >= 5
            ? "<p>2.2. Prompts flagged by automated systems may be reviewed by our safety sub-processors, who may retain them for up to 2 years.</p>"
            : string.Empty;
        return $"""
            <h1>Example AI Service Terms</h1>
            <h2>1. Models</h2>
            <p>1.1. Outputs may be inaccurate. You are responsible for reviewing outputs before relying on them.</p>
            <h2>2. Safety</h2>
            <p>2.1. We monitor use of the services to detect abuse, and may review prompts flagged by automated systems.</p>
            {review}
            <h2>3. Liability</h2>
            <p>3.1. Our total liability is limited to the fees you paid in the twelve months before the claim.</p>
            """;
    }

    /// <summary>Served once in round 3, then the page goes back: a flap, not a change.</summary>
    public static string AiTermsVariant() => AiTerms(3).Replace("twelve months", "three months", StringComparison.Ordinal);

    // ---- Northwind Cloud: a cloud host with AI features --------------------------------------------------------------

    public static string NorthwindAgreement(int round)
    {
        var arbitration = round >= 2
            ? """
              <h2>12. Dispute Resolution</h2>
              <p>12.1. Any dispute arising out of this Agreement will be resolved by binding arbitration administered by the American Arbitration Association, and not in court.</p>
              <p>12.2. You waive any right to participate in a class action or class-wide arbitration against Northwind.</p>
              """
            : """
              <h2>12. Dispute Resolution</h2>
              <p>12.1. Any dispute arising out of this Agreement will be resolved by the state and federal courts of King County, Washington.</p>
              """;
        var cap = round >= 4 ? "the amounts you paid in the three months" : "the amounts you paid in the twelve months";
        return $"""
            <h1>Northwind Cloud Customer Agreement</h1>
            <h2>1. Use of the Services</h2>
            <p>1.1. You may access and use the Services in accordance with this Agreement and the Documentation.</p>
            <p>1.2. You will comply with the Acceptable Use Policy and all laws applicable to your use of the Services.</p>
            <h2>2. Fees and Payment</h2>
            <p>2.1. You will pay the fees for the Services monthly in arrears, as shown in your account.</p>
            <p>2.2. We may change fees with 30 days' notice; changes take effect at the start of the next billing period.</p>
            <h2>3. Your Content</h2>
            <p>3.1. You retain all rights in Your Content. We will use Your Content only to provide the Services to you.</p>
            <h2>9. Limitation of Liability</h2>
            <p>9.1. Our aggregate liability under this Agreement will not exceed {cap} before the event giving rise to the liability.</p>
            {arbitration}
            <h2>13. Governing Law</h2>
            <p>13.1. This Agreement is governed by the laws of the State of Washington.</p>
            """;
    }

    public static string NorthwindDpa(int round)
    {
        var subprocessors = round >= 3
            ? """
              <p>5.1. You authorise Northwind to engage the sub-processors listed in Annex 3, including Lumen Labs Inc. (United States) for AI inference and abuse detection.</p>
              <p>5.2. We will notify you of any new sub-processor 10 days before it processes Customer Personal Data. You may object within that period.</p>
              """
            : """
              <p>5.1. You authorise Northwind to engage the sub-processors listed in Annex 3.</p>
              <p>5.2. We will notify you of any new sub-processor 30 days before it processes Customer Personal Data. You may object within that period.</p>
              """;
        var backups = round >= 5 ? "90 days" : "35 days";
        return $"""
            <h1>Northwind Cloud Data Processing Addendum</h1>
            <h2>1. Scope</h2>
            <p>1.1. This Addendum applies where Northwind processes Customer Personal Data on your behalf as a processor.</p>
            <h2>3. Processing Instructions</h2>
            <p>3.1. We process Customer Personal Data only on your documented instructions, including with regard to transfers.</p>
            <h2>5. Sub-processors</h2>
            {subprocessors}
            <h2>7. Deletion and Return</h2>
            <p>7.1. On termination we delete Customer Personal Data from production systems within 30 days.</p>
            <p>7.2. Backups containing Customer Personal Data are retained for {backups} and then overwritten.</p>
            <h2>8. International Transfers</h2>
            <p>8.1. Transfers of Customer Personal Data outside the EEA are made under the Standard Contractual Clauses.</p>
            """;
    }

    public static string NorthwindPrivacy(int round)
    {
        var usage = round >= 5
            ? "<p>4.2. We use service usage data and telemetry to train the machine learning models that power Northwind Assist. You can opt out of model training in the console.</p>"
            : "<p>4.2. We use service usage data and telemetry to operate, secure and improve the Services.</p>";
        return $"""
            <h1>Northwind Cloud Privacy Notice</h1>
            <h2>1. Who we are</h2>
            <p>1.1. Northwind Cloud Ltd is the controller of the personal data described in this notice.</p>
            <h2>2. What we collect</h2>
            <p>2.1. Account contacts, billing records, support correspondence and service usage data.</p>
            <h2>4. How we use it</h2>
            <p>4.1. We use account and billing data to run your account and to bill you.</p>
            {usage}
            <h2>6. Your rights</h2>
            <p>6.1. You may access, correct, delete or port your personal data by contacting privacy@northwind.example.</p>
            """;
    }

    // ---- Brightdesk: a customer-support platform ---------------------------------------------------------------------

    public static string BrightdeskTerms(int round)
    {
        var optOut = round >= 3
            ? "<p>14.3. Arbitration is mandatory for all users; there is no opt-out.</p>"
            : "<p>14.3. You may opt out of arbitration by writing to us within 30 days of accepting these Terms.</p>";
        var suspension = round >= 5
            ? "<p>8.2. We may suspend or terminate your workspace immediately and without notice if we believe you have breached these Terms.</p>"
            : "<p>8.2. We may suspend your workspace for a breach of these Terms after giving you 14 days' notice to cure it.</p>";
        return $"""
            <h1>Brightdesk Terms of Service</h1>
            <h2>1. The Service</h2>
            <p>1.1. Brightdesk provides a help desk, shared inbox and chat service for your customer support team.</p>
            <h2>3. Workspaces and Agents</h2>
            <p>3.1. Each agent seat is for one named person and may not be shared.</p>
            <h2>8. Suspension and Termination</h2>
            <p>8.1. You may cancel at any time; cancellation takes effect at the end of the billing period.</p>
            {suspension}
            <h2>14. Arbitration</h2>
            <p>14.1. Any claim relating to these Terms will be resolved by individual binding arbitration.</p>
            <p>14.2. Claims are heard by a single arbitrator in San Francisco, California.</p>
            {optOut}
            """;
    }

    public static string BrightdeskPrivacy(int round)
    {
        var recordings = round >= 2 ? "24 months" : "12 months";
        var sharing = round >= 4
            ? "<p>5.2. We share contact details of your customers with advertising partners to measure the reach of Brightdesk campaigns.</p>"
            : string.Empty;
        return $"""
            <h1>Brightdesk Privacy Policy</h1>
            <h2>2. Information we process</h2>
            <p>2.1. Tickets, chats and call recordings your customers exchange with your agents ("Support Data").</p>
            <p>2.2. Agent account details and usage logs.</p>
            <h2>4. Retention</h2>
            <p>4.1. We retain call recordings for {recordings} after the call, then delete them.</p>
            <p>4.2. Tickets are retained for as long as your workspace exists.</p>
            <h2>5. Sharing</h2>
            <p>5.1. We share Support Data with our sub-processors to host and deliver the service.</p>
            {sharing}
            <h2>7. Contact</h2>
            <p>7.1. Write to privacy@brightdesk.example with any question about this policy.</p>
            """;
    }

    public static string BrightdeskAiTerms(int round)
    {
        var training = round >= 2
            ? "<p>3.1. We use Support Data, including conversations with your customers, to train and improve the models behind Brightdesk Reply, unless your workspace administrator opts out.</p>"
            : "<p>3.1. We do not use Support Data to train models. Brightdesk Reply uses it only to draft answers for your agents.</p>";
        var review = round >= 4
            ? "<p>3.2. Brightdesk staff and contractors may review samples of Support Data to improve model quality.</p>"
            : string.Empty;
        return $"""
            <h1>Brightdesk AI Features Terms</h1>
            <h2>1. Scope</h2>
            <p>1.1. These terms apply to Brightdesk Reply, Brightdesk Summaries and any other AI feature of the service.</p>
            <h2>2. Outputs</h2>
            <p>2.1. AI output may be wrong. Your agents must review a draft before sending it to a customer.</p>
            <h2>3. Your Data</h2>
            {training}
            {review}
            <h2>4. Availability</h2>
            <p>4.1. AI features are offered as is and may change or be withdrawn.</p>
            """;
    }
}
