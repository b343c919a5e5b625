// Parameters for `bicep snapshot` (infra/check.sh): fixed, fake values so the snapshot evaluates
// every name, loop and app setting offline. tests/Monitors.IntegrationTests/Infra/InfraDriftTests.cs
// reads the result. Never deployed; azd uses main.parameters.json.
using '../main.bicep'

param environmentName = 'drift'
param location = 'westeurope'
param emailFromAddress = 'alerts@example.org'
param operatorAddress = 'operator@example.org'
param sendGridApiKey = 'placeholder-not-a-key'
param tokenSigningKey = 'placeholder-signing-key-0123456789abcdef'
param principalId = '11111111-1111-1111-1111-111111111111'
param summaryModel = 'gpt-4o-mini'
