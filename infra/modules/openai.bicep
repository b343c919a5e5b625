// Optional: an Azure OpenAI account and one chat deployment for model-written change summaries
// (docs/change-records.md, "Summaries"). Deployed only when main.bicep's summaryModel is set. Keys
// are off: the app's identity calls it with Entra ID (Cognitive Services OpenAI User), so no key
// is stored anywhere.

param name string
param location string
param tags object = {}

@description('The model to deploy, e.g. gpt-4o-mini.')
param modelName string

@description('The model version, e.g. 2024-07-18.')
param modelVersion string

@description('Thousands of tokens per minute the deployment may use.')
@minValue(1)
param capacity int = 10

@description('Principal ID of the function app\'s user-assigned identity.')
param appPrincipalId string

// Built-in role: Cognitive Services OpenAI User (call deployments, nothing else).
var openAiUserRole = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: modelName
  sku: {
    name: 'GlobalStandard'
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
  }
}

resource appOpenAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, appPrincipalId, openAiUserRole)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', openAiUserRole)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output endpoint string = account.properties.endpoint
output deploymentName string = deployment.name
