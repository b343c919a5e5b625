// Monitors on Azure: one resource group with a Flex Consumption function app, its storage,
// Key Vault and Application Insights. Deployed by `azd up` (azure.yaml, docs/operations.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; with the subscription and location it makes every resource name unique.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (one where Flex Consumption is available).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('NCRONTAB schedule of the check timer (UTC).')
param checkSchedule string = '0 0 */6 * * *'

@description('NCRONTAB schedule of the weekly digest (UTC), default Monday 08:00.')
param digestSchedule string = '0 0 8 * * 1'

@minLength(3)
@description('Sender address of every email; its domain must be authenticated in SendGrid.')
param emailFromAddress string

@minLength(3)
@description('Address that receives operator notices (failures, poison messages).')
param operatorAddress string

@description('Base URL of links in emails (https://…). Empty: the function app\'s own URL.')
param publicBaseUrl string = ''

@secure()
@minLength(1)
@description('SendGrid API key with Mail Send permission; stored in Key Vault.')
param sendGridApiKey string

// No uniqueString() fallback: that is derived from public values, so anyone could recompute it.
// azd generates a random value once and keeps it in the environment's config (see docs/operations.md).
@secure()
@minLength(32)
@description('Key that signs subscriber tokens (unsubscribe and manage links); stored in Key Vault.')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 64
    }
  }
})
param tokenSigningKey string

@description('Folder of the platform catalog, relative to the deployed app.')
param catalogPath string = 'catalog'

@description('Flex Consumption instance size in MB: 2048 fits 24 concurrent checks with headroom (docs/operations.md, cost model).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound of Flex Consumption instances (40 is the smallest allowed); caps cost and fetch parallelism.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Accept Application Insights telemetry only with Entra ID.')
param appInsightsLocalAuthDisabled bool = true

@description('Object ID of the operator who runs azd (AZURE_PRINCIPAL_ID); gets read and poison-queue access. Empty: none.')
param principalId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Model for written change summaries (an Azure OpenAI deployment, e.g. gpt-4o-mini). Empty: no Azure OpenAI resource; every change record gets the extractive summary.')
param summaryModel string = ''

@description('Version of summaryModel, e.g. 2024-07-18.')
param summaryModelVersion string = '2024-07-18'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var serviceName = 'functions'

// Keep in step with src/Monitors.Core/Configuration/StorageNames.cs (InfraDriftTests checks it).
var containerNames = [
  'snapshots'
  'versions'
  'changes'
  'outbox'
  'dataprotection'
  'views'
]
var queueNames = [
  'checks'
  'changes'
  'alerts'
  'digests'
  'site'
]
var tableNames = [
  'Documents'
  'Versions'
  'Changes'
  'Subscribers'
  'Subscriptions'
  'Deliveries'
  'SiteClauses'
  'SiteChanges'
]
var deploymentContainerName = 'deploymentpackage'
var sendGridApiKeySecretName = 'sendgrid-api-key'
var tokenSigningKeySecretName = 'token-signing-key'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${serviceName}-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containerNames: containerNames
    queueNames: queueNames
    tableNames: tableNames
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    disableLocalAuth: appInsightsLocalAuthDisabled
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    sendGridApiKey: sendGridApiKey
    tokenSigningKey: tokenSigningKey
    sendGridApiKeySecretName: sendGridApiKeySecretName
    tokenSigningKeySecretName: tokenSigningKeySecretName
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
  }
}

module openAi 'modules/openai.bicep' = if (!empty(summaryModel)) {
  name: 'openai'
  scope: rg
  params: {
    name: 'oai-${resourceToken}'
    location: location
    tags: tags
    modelName: summaryModel
    modelVersion: summaryModelVersion
    appPrincipalId: identity.outputs.principalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    planName: '${abbrs.webServerFarms}${resourceToken}'
    functionAppName: '${abbrs.webSitesFunctions}${resourceToken}'
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    sendGridApiKeySecretName: sendGridApiKeySecretName
    tokenSigningKeySecretName: tokenSigningKeySecretName
    checkSchedule: checkSchedule
    digestSchedule: digestSchedule
    catalogPath: catalogPath
    emailFromAddress: emailFromAddress
    operatorAddress: operatorAddress
    publicBaseUrl: publicBaseUrl
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    summaryEndpoint: empty(summaryModel) ? '' : openAi!.outputs.endpoint
    summaryDeployment: empty(summaryModel) ? '' : openAi!.outputs.deploymentName
  }
  // The host must reach storage and Key Vault the moment it starts.
  dependsOn: [
    roles
  ]
}

// Names and endpoints only: azd writes these into .azure/<env>/.env. Never a key or connection string.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.vaultUri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
