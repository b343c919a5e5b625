// Key Vault (RBAC authorization, no access policies) holding the app's two secrets. The app
// settings reference them by versionless URI, so a new secret version is picked up on restart.

param name string
param location string
param tags object = {}

@secure()
@description('SendGrid API key (Mail Send permission).')
param sendGridApiKey string

@secure()
@description('Key that signs subscriber tokens (unsubscribe and manage links).')
param tokenSigningKey string

@description('Secret name of the SendGrid API key.')
param sendGridApiKeySecretName string

@description('Secret name of the token-signing key.')
param tokenSigningKeySecretName string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // Purge protection is left off so `azd down --purge` can remove the vault; once switched on
    // it can never be switched off again.
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGridApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: sendGridApiKeySecretName
  properties: {
    value: sendGridApiKey
    contentType: 'text/plain'
  }
}

resource tokenSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: tokenSigningKeySecretName
  properties: {
    value: tokenSigningKey
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
output vaultUri string = vault.properties.vaultUri
