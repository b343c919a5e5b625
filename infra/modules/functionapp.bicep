// The Flex Consumption plan and the Functions app (isolated worker, .NET 10). The app runs as the
// user-assigned identity: the host reaches storage, Key Vault references resolve, and telemetry
// is sent, all without a key. The app settings below are every setting the code reads
// (src/Monitors.Core/Configuration/AppSettings.cs) plus the platform's; InfraDriftTests keeps
// the two in step.

param planName string
param functionAppName string
param location string
param tags object = {}

@description('Value of the azd-service-name tag; must match the service name in azure.yaml.')
param serviceName string

param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param keyVaultName string
param sendGridApiKeySecretName string
param tokenSigningKeySecretName string

param checkSchedule string
param digestSchedule string
param catalogPath string
param emailFromAddress string
param operatorAddress string

@description('Base URL of links in emails. Empty: the function app\'s own https URL.')
param publicBaseUrl string = ''

@description('Send a short "nothing changed on your platforms" digest for a quiet week.')
param sendEmptyDigest bool = true

@description('Azure OpenAI endpoint for written change summaries; empty: extractive summaries only.')
param summaryEndpoint string = ''

@description('The chat deployment at summaryEndpoint.')
param summaryDeployment string = ''

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

resource storageAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName

  resource sendGridApiKey 'secrets' existing = {
    name: sendGridApiKeySecretName
  }

  resource tokenSigningKey 'secrets' existing = {
    name: tokenSigningKeySecretName
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (there is no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Deployments go through Entra ID (azd), so publishing with basic credentials stays off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and
// WEBSITE_RUN_FROM_PACKAGE here: runtime and package live in functionAppConfig above.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Identity-based AzureWebJobsStorage (AppSettings.Storage): the host and the app's stores.
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: storageAccount.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storageAccount.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storageAccount.properties.primaryEndpoints.table
    // Lets DefaultAzureCredential (and the OpenTelemetry exporter) pick the user-assigned identity.
    AZURE_CLIENT_ID: identityClientId
    // The connection string only locates the resource; with local auth disabled, telemetry is
    // accepted only with the Entra token the authentication string asks for.
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
    CHECK_SCHEDULE: checkSchedule
    DIGEST_SCHEDULE: digestSchedule
    Monitors__Catalog__Path: catalogPath
    Monitors__Email__SendGridApiKey: '@Microsoft.KeyVault(SecretUri=${vault::sendGridApiKey.properties.secretUri})'
    Monitors__Email__FromAddress: emailFromAddress
    Monitors__Email__OperatorAddress: operatorAddress
    Monitors__Tokens__SigningKey: '@Microsoft.KeyVault(SecretUri=${vault::tokenSigningKey.properties.secretUri})'
    Monitors__PublicBaseUrl: !empty(publicBaseUrl) ? publicBaseUrl : 'https://${functionApp.properties.defaultHostName}'
    Monitors__Digest__SendEmptyDigest: sendEmptyDigest ? 'true' : 'false'
    // No key: the app signs in to Azure OpenAI with its identity (AZURE_CLIENT_ID).
    Monitors__Summaries__Endpoint: summaryEndpoint
    Monitors__Summaries__Deployment: summaryDeployment
    // The site's home page is the anonymous catch-all function's '/', not the host's "app is running" page.
    AzureWebJobsDisableHomepage: 'true'
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
