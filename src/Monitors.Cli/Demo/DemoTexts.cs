namespace Monitors.Cli.Demo;

/// <summary>Synthetic governance documents of "Example AI", written for this project, in the versions the demo rounds serve.</summary>
internal static class DemoTexts
{
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

    public static string AiTerms(int round) => """
        <h1>Example AI Service Terms</h1>
        <h2>1. Models</h2>
        <p>1.1. Outputs may be inaccurate. You are responsible for reviewing outputs before relying on them.</p>
        <h2>2. Safety</h2>
        <p>2.1. We monitor use of the services to detect abuse, and may review prompts flagged by automated systems.</p>
        <h2>3. Liability</h2>
        <p>3.1. Our total liability is limited to the fees you paid in the twelve months before the claim.</p>
        """;

    /// <summary>Served once in round 3, then the page goes back: a flap, not a change.</summary>
    public static string AiTermsVariant() => AiTerms(3).Replace("twelve months", "three months", StringComparison.Ordinal);
}
