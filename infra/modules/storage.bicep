// The app's one storage account: Functions host state, the deployment package, and every
// container, queue and table the app uses (src/Monitors.Core/Configuration/StorageNames.cs;
// tests/Monitors.IntegrationTests/Infra/InfraDriftTests.cs checks the two lists agree).
// Keys are switched off: everything, the host included, signs in with Entra ID.

param name string
param location string
param tags object = {}

@description('Blob containers the app writes (StorageNames.Containers.All).')
param containerNames array

@description('Queues the app uses (StorageNames.Queues.All); each also gets its `<name>-poison` queue.')
param queueNames array

@description('Tables the app uses (StorageNames.Tables.All).')
param tableNames array

@description('Container Flex Consumption deploys the app package into.')
param deploymentContainerName string

@description('Days a deleted blob, container or previous blob version can be recovered.')
@minValue(1)
@maxValue(365)
param retentionDays int = 7

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    // Versioning is account-wide. The app writes `snapshots` and `versions` once (content-addressed
    // names), so they never gain a second version; it protects everything else against overwrites.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: retentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: retentionDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for containerName in concat(containerNames, [deploymentContainerName]): {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

// The Functions host creates `<queue>-poison` on first failure; creating it here lets operators
// (docs/operations.md) inspect it before that and keeps the list of queues in one place.
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in concat(queueNames, map(queueNames, queue => '${queue}-poison')): {
    parent: queueService
    name: queueName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

// Previous versions exist only after an overwrite or delete (each deployment package, a deleted
// outbox mail); keep them for the recovery window, then stop paying for them.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: retentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    blobService
  ]
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
