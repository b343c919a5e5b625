// Application Insights on a Log Analytics workspace. With local auth disabled, telemetry is
// accepted only from identities holding Monitoring Metrics Publisher (the app's identity).

param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object = {}

@description('Accept telemetry only with Entra ID (the app sends APPLICATIONINSIGHTS_AUTHENTICATION_STRING).')
param disableLocalAuth bool = true

@description('Days Log Analytics keeps data; 30 is included in the ingestion price.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: disableLocalAuth
  }
}

output applicationInsightsName string = applicationInsights.name
output applicationInsightsId string = applicationInsights.id
output logAnalyticsName string = workspace.name
