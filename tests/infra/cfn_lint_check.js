#!/usr/bin/env node
// Runs cfn-lint (npm cfn-lint 1.9.7, pinned in tools/package.json) on one template, after teaching
// it what CloudFormation and SAM added since its bundled resource specification (2.29.0, early
// 2019), and checks those additions another way.
//
//   node cfn_lint_check.js lint FILE   -> cfn-lint's findings plus the supplement's value checks;
//                                         exit 1 on any critical finding or failed check
//   node cfn_lint_check.js json FILE   -> the template as JSON (for the C++ consistency tests)
//
// Why a supplement and not an exception list: cfn-lint 1.9.7 rejects every resource type and
// property newer than its spec ("X is not a valid property of Y"), e.g. Lambda's Architectures
// (2021), HTTP APIs (ApiGatewayV2 CorsConfiguration/JWT authorizers, 2020), Cognito's
// UserPoolDomain and OAuth client settings (2019). Instead of dropping those properties, each one is
// added below to the spec with its type from the current CloudFormation reference (the `doc` URL
// says where), so cfn-lint still checks it: the name, the type of the value, and every Ref/GetAtt/Sub
// inside it. Where the reference fixes the allowed values, `allowed` lists them and this script
// checks the template's literal values against them (Fn::If branches included), which cfn-lint's
// spec format cannot express.
'use strict';
const fs = require('fs');
const path = require('path');

const toolsModules = process.env.HDOC_TOOLS_MODULES || path.join(__dirname, '..', '..', 'tools', 'node_modules');
const cfnLintDir = path.join(toolsModules, 'cfn-lint');
const yaml = require(require.resolve('js-yaml', { paths: [cfnLintDir] }));
const buildYamlSchema = require(path.join(cfnLintDir, 'lib', 'yamlSchema')).default;
const awsData = require(path.join(cfnLintDir, 'lib', 'awsData'));
const samData = require(path.join(cfnLintDir, 'lib', 'samData'));
const cfnLint = require(path.join(cfnLintDir, 'lib', 'api'));

const REF = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/';
const SAM_REF = 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/';
const str = { PrimitiveType: 'String' };
const int = { PrimitiveType: 'Integer' };
const bool = { PrimitiveType: 'Boolean' };
const dbl = { PrimitiveType: 'Double' };
const json = { PrimitiveType: 'Json' };
const strList = { Type: 'List', PrimitiveItemType: 'String' };

// Properties (and property types / resource types) newer than cfn-lint's spec.
const PROPERTIES = [
  // Lambda and SAM functions.
  { type: 'AWS::Lambda::Function', name: 'Architectures', spec: strList, allowed: ['x86_64', 'arm64'],
    doc: REF + 'aws-resource-lambda-function.html#cfn-lambda-function-architectures' },
  { sam: true, type: 'AWS::Serverless::Function', name: 'Architectures', spec: strList, allowed: ['x86_64', 'arm64'],
    doc: SAM_REF + 'sam-resource-function.html#sam-function-architectures' },
  // HTTP APIs (API Gateway v2 for HTTP, 2020).
  { type: 'AWS::ApiGatewayV2::Api', name: 'CorsConfiguration', spec: { Type: 'Cors' },
    doc: REF + 'aws-resource-apigatewayv2-api.html#cfn-apigatewayv2-api-corsconfiguration' },
  { type: 'AWS::ApiGatewayV2::Api', name: 'ProtocolType', spec: str, allowed: ['HTTP', 'WEBSOCKET'],
    doc: REF + 'aws-resource-apigatewayv2-api.html#cfn-apigatewayv2-api-protocoltype' },
  // Required only for WebSocket APIs.
  { type: 'AWS::ApiGatewayV2::Api', name: 'RouteSelectionExpression', spec: str, optional: true,
    doc: REF + 'aws-resource-apigatewayv2-api.html#cfn-apigatewayv2-api-routeselectionexpression' },
  { type: 'AWS::ApiGatewayV2::Stage', name: 'AutoDeploy', spec: bool,
    doc: REF + 'aws-resource-apigatewayv2-stage.html#cfn-apigatewayv2-stage-autodeploy' },
  // Not needed with AutoDeploy.
  { type: 'AWS::ApiGatewayV2::Stage', name: 'DeploymentId', spec: str, optional: true,
    doc: REF + 'aws-resource-apigatewayv2-stage.html#cfn-apigatewayv2-stage-deploymentid' },
  { type: 'AWS::ApiGatewayV2::Authorizer', name: 'JwtConfiguration', spec: { Type: 'JWTConfiguration' },
    doc: REF + 'aws-resource-apigatewayv2-authorizer.html#cfn-apigatewayv2-authorizer-jwtconfiguration' },
  { type: 'AWS::ApiGatewayV2::Authorizer', name: 'AuthorizerType', spec: str, allowed: ['REQUEST', 'JWT'],
    doc: REF + 'aws-resource-apigatewayv2-authorizer.html#cfn-apigatewayv2-authorizer-authorizertype' },
  // Not used by JWT authorizers.
  { type: 'AWS::ApiGatewayV2::Authorizer', name: 'AuthorizerUri', spec: str, optional: true,
    doc: REF + 'aws-resource-apigatewayv2-authorizer.html#cfn-apigatewayv2-authorizer-authorizeruri' },
  { type: 'AWS::ApiGatewayV2::Integration', name: 'PayloadFormatVersion', spec: str, allowed: ['1.0', '2.0'],
    doc: REF + 'aws-resource-apigatewayv2-integration.html#cfn-apigatewayv2-integration-payloadformatversion' },
  { type: 'AWS::ApiGatewayV2::Route', name: 'AuthorizationType', spec: str,
    allowed: ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'],
    doc: REF + 'aws-resource-apigatewayv2-route.html#cfn-apigatewayv2-route-authorizationtype' },
  // Cognito user pools and clients.
  { type: 'AWS::Cognito::UserPool', name: 'UsernameConfiguration', spec: { Type: 'UsernameConfiguration' },
    doc: REF + 'aws-resource-cognito-userpool.html#cfn-cognito-userpool-usernameconfiguration' },
  { type: 'AWS::Cognito::UserPool', name: 'AccountRecoverySetting', spec: { Type: 'AccountRecoverySetting' },
    doc: REF + 'aws-resource-cognito-userpool.html#cfn-cognito-userpool-accountrecoverysetting' },
  { type: 'AWS::Cognito::UserPool', name: 'DeletionProtection', spec: str, allowed: ['ACTIVE', 'INACTIVE'],
    doc: REF + 'aws-resource-cognito-userpool.html#cfn-cognito-userpool-deletionprotection' },
  { type: 'AWS::Cognito::UserPool', name: 'UsernameAttributes', spec: strList, allowed: ['email', 'phone_number'],
    doc: REF + 'aws-resource-cognito-userpool.html#cfn-cognito-userpool-usernameattributes' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'PreventUserExistenceErrors', spec: str, allowed: ['ENABLED', 'LEGACY'],
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-preventuserexistenceerrors' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'SupportedIdentityProviders', spec: strList,
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-supportedidentityproviders' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'AllowedOAuthFlowsUserPoolClient', spec: bool,
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-allowedoauthflowsuserpoolclient' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'AllowedOAuthFlows', spec: strList,
    allowed: ['code', 'implicit', 'client_credentials'],
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-allowedoauthflows' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'AllowedOAuthScopes', spec: strList,
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-allowedoauthscopes' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'CallbackURLs', spec: strList,
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-callbackurls' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'LogoutURLs', spec: strList,
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-logouturls' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'AccessTokenValidity', spec: int,
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-accesstokenvalidity' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'IdTokenValidity', spec: int,
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-idtokenvalidity' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'TokenValidityUnits', spec: { Type: 'TokenValidityUnits' },
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-tokenvalidityunits' },
  { type: 'AWS::Cognito::UserPoolClient', name: 'ExplicitAuthFlows', spec: strList,
    allowed: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
    doc: REF + 'aws-resource-cognito-userpoolclient.html#cfn-cognito-userpoolclient-explicitauthflows' },
  { type: 'AWS::IAM::Role', name: 'Description', spec: str,
    doc: REF + 'aws-resource-iam-role.html#cfn-iam-role-description' },
  // DynamoDB (2023) and Lambda logging.
  { type: 'AWS::DynamoDB::Table', name: 'DeletionProtectionEnabled', spec: bool,
    doc: REF + 'aws-resource-dynamodb-table.html#cfn-dynamodb-table-deletionprotectionenabled' },
  { type: 'AWS::Logs::LogGroup', name: 'Tags', spec: { Type: 'List', ItemType: 'Tag' },
    doc: REF + 'aws-resource-logs-loggroup.html#cfn-logs-loggroup-tags' },
  // CodeBuild and CodePipeline settings the pipeline uses.
  { skip: true, type: 'AWS::CodePipeline::Pipeline', name: 'PipelineType', spec: str, allowed: ['V1', 'V2'],
    doc: REF + 'aws-resource-codepipeline-pipeline.html#cfn-codepipeline-pipeline-pipelinetype' },
  { skip: true, type: 'AWS::CodePipeline::Pipeline', name: 'Tags', spec: { Type: 'List', ItemType: 'Tag' },
    doc: REF + 'aws-resource-codepipeline-pipeline.html#cfn-codepipeline-pipeline-tags' },
];

const PROPERTY_TYPES = {
  'AWS::ApiGatewayV2::Api.Cors': {
    doc: REF + 'aws-properties-apigatewayv2-api-cors.html',
    props: { AllowCredentials: bool, AllowHeaders: strList, AllowMethods: strList, AllowOrigins: strList,
      ExposeHeaders: strList, MaxAge: int },
  },
  'AWS::ApiGatewayV2::Authorizer.JWTConfiguration': {
    doc: REF + 'aws-properties-apigatewayv2-authorizer-jwtconfiguration.html',
    props: { Audience: strList, Issuer: str },
  },
  'AWS::Cognito::UserPool.UsernameConfiguration': {
    doc: REF + 'aws-properties-cognito-userpool-usernameconfiguration.html',
    props: { CaseSensitive: bool },
  },
  'AWS::Cognito::UserPool.AccountRecoverySetting': {
    doc: REF + 'aws-properties-cognito-userpool-accountrecoverysetting.html',
    props: { RecoveryMechanisms: { Type: 'List', ItemType: 'RecoveryOption' } },
  },
  'AWS::Cognito::UserPool.RecoveryOption': {
    doc: REF + 'aws-properties-cognito-userpool-recoveryoption.html',
    props: { Name: str, Priority: int },
  },
  // CloudFront (infra/website.yaml): origin access control, cache and response-headers policies,
  // CloudFront Functions (2020-2022).
  'AWS::CloudFront::OriginAccessControl.OriginAccessControlConfig': {
    doc: REF + 'aws-properties-cloudfront-originaccesscontrol-originaccesscontrolconfig.html',
    props: { Name: { ...str, Required: true }, Description: str,
      OriginAccessControlOriginType: { ...str, Required: true }, SigningBehavior: { ...str, Required: true },
      SigningProtocol: { ...str, Required: true } },
  },
  'AWS::CloudFront::CachePolicy.CachePolicyConfig': {
    doc: REF + 'aws-properties-cloudfront-cachepolicy-cachepolicyconfig.html',
    props: { Name: { ...str, Required: true }, Comment: str, DefaultTTL: { ...dbl, Required: true },
      MaxTTL: { ...dbl, Required: true }, MinTTL: { ...dbl, Required: true },
      ParametersInCacheKeyAndForwardedToOrigin: { Type: 'ParametersInCacheKeyAndForwardedToOrigin', Required: true } },
  },
  'AWS::CloudFront::CachePolicy.ParametersInCacheKeyAndForwardedToOrigin': {
    doc: REF + 'aws-properties-cloudfront-cachepolicy-parametersincachekeyandforwardedtoorigin.html',
    props: { EnableAcceptEncodingGzip: { ...bool, Required: true }, EnableAcceptEncodingBrotli: bool,
      CookiesConfig: { Type: 'CookiesConfig', Required: true }, HeadersConfig: { Type: 'HeadersConfig', Required: true },
      QueryStringsConfig: { Type: 'QueryStringsConfig', Required: true } },
  },
  'AWS::CloudFront::CachePolicy.CookiesConfig': {
    doc: REF + 'aws-properties-cloudfront-cachepolicy-cookiesconfig.html',
    props: { CookieBehavior: { ...str, Required: true }, Cookies: strList },
  },
  'AWS::CloudFront::CachePolicy.HeadersConfig': {
    doc: REF + 'aws-properties-cloudfront-cachepolicy-headersconfig.html',
    props: { HeaderBehavior: { ...str, Required: true }, Headers: strList },
  },
  'AWS::CloudFront::CachePolicy.QueryStringsConfig': {
    doc: REF + 'aws-properties-cloudfront-cachepolicy-querystringsconfig.html',
    props: { QueryStringBehavior: { ...str, Required: true }, QueryStrings: strList },
  },
  'AWS::CloudFront::ResponseHeadersPolicy.ResponseHeadersPolicyConfig': {
    doc: REF + 'aws-properties-cloudfront-responseheaderspolicy-responseheaderspolicyconfig.html',
    props: { Name: { ...str, Required: true }, Comment: str, SecurityHeadersConfig: { Type: 'SecurityHeadersConfig' },
      CorsConfig: json, CustomHeadersConfig: json, RemoveHeadersConfig: json, ServerTimingHeadersConfig: json },
  },
  'AWS::CloudFront::ResponseHeadersPolicy.SecurityHeadersConfig': {
    doc: REF + 'aws-properties-cloudfront-responseheaderspolicy-securityheadersconfig.html',
    props: { ContentSecurityPolicy: { Type: 'ContentSecurityPolicy' }, ContentTypeOptions: { Type: 'ContentTypeOptions' },
      FrameOptions: { Type: 'FrameOptions' }, ReferrerPolicy: { Type: 'ReferrerPolicy' },
      StrictTransportSecurity: { Type: 'StrictTransportSecurity' }, XSSProtection: { Type: 'XSSProtection' } },
  },
  'AWS::CloudFront::ResponseHeadersPolicy.ContentSecurityPolicy': {
    doc: REF + 'aws-properties-cloudfront-responseheaderspolicy-contentsecuritypolicy.html',
    props: { ContentSecurityPolicy: { ...str, Required: true }, Override: { ...bool, Required: true } },
  },
  'AWS::CloudFront::ResponseHeadersPolicy.ContentTypeOptions': {
    doc: REF + 'aws-properties-cloudfront-responseheaderspolicy-contenttypeoptions.html',
    props: { Override: { ...bool, Required: true } },
  },
  'AWS::CloudFront::ResponseHeadersPolicy.FrameOptions': {
    doc: REF + 'aws-properties-cloudfront-responseheaderspolicy-frameoptions.html',
    props: { FrameOption: { ...str, Required: true }, Override: { ...bool, Required: true } },
  },
  'AWS::CloudFront::ResponseHeadersPolicy.ReferrerPolicy': {
    doc: REF + 'aws-properties-cloudfront-responseheaderspolicy-referrerpolicy.html',
    props: { ReferrerPolicy: { ...str, Required: true }, Override: { ...bool, Required: true } },
  },
  'AWS::CloudFront::ResponseHeadersPolicy.StrictTransportSecurity': {
    doc: REF + 'aws-properties-cloudfront-responseheaderspolicy-stricttransportsecurity.html',
    props: { AccessControlMaxAgeSec: { ...int, Required: true }, IncludeSubdomains: bool, Preload: bool,
      Override: { ...bool, Required: true } },
  },
  'AWS::CloudFront::ResponseHeadersPolicy.XSSProtection': {
    doc: REF + 'aws-properties-cloudfront-responseheaderspolicy-xssprotection.html',
    props: { Protection: { ...bool, Required: true }, ModeBlock: bool, ReportUri: str,
      Override: { ...bool, Required: true } },
  },
  'AWS::CloudFront::Function.FunctionConfig': {
    doc: REF + 'aws-properties-cloudfront-function-functionconfig.html',
    props: { Comment: { ...str, Required: true }, Runtime: { ...str, Required: true }, KeyValueStoreAssociations: json },
  },
  'AWS::CloudFront::Function.FunctionMetadata': {
    doc: REF + 'aws-properties-cloudfront-function-functionmetadata.html',
    props: { FunctionARN: str },
  },
  'AWS::CloudFront::Distribution.FunctionAssociation': {
    doc: REF + 'aws-properties-cloudfront-distribution-functionassociation.html',
    props: { EventType: str, FunctionARN: str },
  },
  'AWS::Cognito::UserPoolClient.TokenValidityUnits': {
    doc: REF + 'aws-properties-cognito-userpoolclient-tokenvalidityunits.html',
    props: { AccessToken: str, IdToken: str, RefreshToken: str },
  },
};

// Extra properties of property types the spec already has.
const DIST = REF + 'aws-properties-cloudfront-distribution-';
const NESTED_PROPERTIES = [
  { type: 'AWS::CloudFront::Distribution.Origin', name: 'OriginAccessControlId', spec: str,
    doc: DIST + 'origin.html#cfn-cloudfront-distribution-origin-originaccesscontrolid' },
  ...['DefaultCacheBehavior', 'CacheBehavior'].flatMap((behavior) => [
    { type: 'AWS::CloudFront::Distribution.' + behavior, name: 'CachePolicyId', spec: str,
      doc: DIST + behavior.toLowerCase() + '.html' },
    { type: 'AWS::CloudFront::Distribution.' + behavior, name: 'ResponseHeadersPolicyId', spec: str,
      doc: DIST + behavior.toLowerCase() + '.html' },
    { type: 'AWS::CloudFront::Distribution.' + behavior, name: 'FunctionAssociations',
      spec: { Type: 'List', ItemType: 'FunctionAssociation' }, doc: DIST + behavior.toLowerCase() + '.html' },
    // Deprecated in favour of CachePolicyId, so no longer required (-forwardedvalues.html).
    { type: 'AWS::CloudFront::Distribution.' + behavior, name: 'ForwardedValues', keepSpec: true,
      doc: DIST + 'forwardedvalues.html' },
  ]),
  { type: 'AWS::Cognito::UserPool.PasswordPolicy', name: 'TemporaryPasswordValidityDays', spec: int,
    doc: REF + 'aws-properties-cognito-userpool-passwordpolicy.html#cfn-cognito-userpool-passwordpolicy-temporarypasswordvaliditydays' },
];

const RESOURCE_TYPES = {
  'AWS::CloudFront::OriginAccessControl': {
    doc: REF + 'aws-resource-cloudfront-originaccesscontrol.html',
    props: { OriginAccessControlConfig: { Type: 'OriginAccessControlConfig', Required: true } },
    attributes: { Id: str },
  },
  'AWS::CloudFront::CachePolicy': {
    doc: REF + 'aws-resource-cloudfront-cachepolicy.html',
    props: { CachePolicyConfig: { Type: 'CachePolicyConfig', Required: true } },
    attributes: { Id: str, LastModifiedTime: str },
  },
  'AWS::CloudFront::ResponseHeadersPolicy': {
    doc: REF + 'aws-resource-cloudfront-responseheaderspolicy.html',
    props: { ResponseHeadersPolicyConfig: { Type: 'ResponseHeadersPolicyConfig', Required: true } },
    attributes: { Id: str, LastModifiedTime: str },
  },
  'AWS::CloudFront::Function': {
    doc: REF + 'aws-resource-cloudfront-function.html',
    props: { Name: { ...str, Required: true }, FunctionCode: { ...str, Required: true },
      FunctionConfig: { Type: 'FunctionConfig', Required: true }, AutoPublish: bool,
      FunctionMetadata: { Type: 'FunctionMetadata' } },
    attributes: { FunctionARN: str, 'FunctionMetadata.FunctionARN': str, Stage: str },
  },
  'AWS::Cognito::UserPoolDomain': {
    doc: REF + 'aws-resource-cognito-userpooldomain.html',
    props: { Domain: { ...str, Required: true }, UserPoolId: { ...str, Required: true },
      CustomDomainConfig: { PrimitiveType: 'Json' }, ManagedLoginVersion: int },
    attributes: { CloudFrontDistribution: str },
  },
};

// Allowed values of nested fields the spec cannot constrain: [resource type, property path, values].
const NESTED_VALUES = [
  ['AWS::CloudFront::OriginAccessControl', ['OriginAccessControlConfig', 'OriginAccessControlOriginType'],
    ['s3', 'mediastore', 'mediapackagev2', 'lambda']],
  ['AWS::CloudFront::OriginAccessControl', ['OriginAccessControlConfig', 'SigningBehavior'], ['always', 'never', 'no-override']],
  ['AWS::CloudFront::OriginAccessControl', ['OriginAccessControlConfig', 'SigningProtocol'], ['sigv4']],
  ['AWS::CloudFront::CachePolicy', ['CachePolicyConfig', 'ParametersInCacheKeyAndForwardedToOrigin', 'CookiesConfig', 'CookieBehavior'],
    ['none', 'whitelist', 'allExcept', 'all']],
  ['AWS::CloudFront::CachePolicy', ['CachePolicyConfig', 'ParametersInCacheKeyAndForwardedToOrigin', 'HeadersConfig', 'HeaderBehavior'],
    ['none', 'whitelist']],
  ['AWS::CloudFront::CachePolicy', ['CachePolicyConfig', 'ParametersInCacheKeyAndForwardedToOrigin', 'QueryStringsConfig', 'QueryStringBehavior'],
    ['none', 'whitelist', 'allExcept', 'all']],
  ['AWS::CloudFront::ResponseHeadersPolicy', ['ResponseHeadersPolicyConfig', 'SecurityHeadersConfig', 'FrameOptions', 'FrameOption'],
    ['DENY', 'SAMEORIGIN']],
  ['AWS::CloudFront::ResponseHeadersPolicy', ['ResponseHeadersPolicyConfig', 'SecurityHeadersConfig', 'ReferrerPolicy', 'ReferrerPolicy'],
    ['no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'same-origin', 'strict-origin',
      'strict-origin-when-cross-origin', 'unsafe-url']],
  ['AWS::CloudFront::Function', ['FunctionConfig', 'Runtime'], ['cloudfront-js-1.0', 'cloudfront-js-2.0']],
  ['AWS::CloudFront::Distribution', ['DistributionConfig', 'DefaultCacheBehavior', 'FunctionAssociations', '*', 'EventType'],
    ['viewer-request', 'viewer-response']],
  ['AWS::CloudFront::Distribution', ['DistributionConfig', 'CacheBehaviors', '*', 'FunctionAssociations', '*', 'EventType'],
    ['viewer-request', 'viewer-response']],
  ['AWS::CloudFront::Distribution', ['DistributionConfig', 'HttpVersion'], ['http1.1', 'http2', 'http3', 'http2and3']],
  ['AWS::Cognito::UserPoolClient', ['TokenValidityUnits', '*'], ['seconds', 'minutes', 'hours', 'days']],
  ['AWS::Cognito::UserPool', ['AccountRecoverySetting', 'RecoveryMechanisms', '*', 'Name'],
    ['verified_email', 'verified_phone_number', 'admin_only']],
  ['AWS::ApiGatewayV2::Api', ['CorsConfiguration', 'AllowMethods', '*'],
    ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE', '*']],
];

function property(spec, doc, required) {
  return Object.assign({ Documentation: doc, Required: !!required, UpdateType: 'Mutable' }, spec);
}

function supplementSpecification() {
  const cfn = awsData.awsResources;
  const sam = samData.samResources20161031;
  for (const p of PROPERTIES) {
    if (p.skip) continue;
    const target = (p.sam ? sam : cfn).ResourceTypes[p.type];
    if (!target) throw new Error('supplement: unknown base type ' + p.type);
    const existing = target.Properties[p.name];
    target.Properties[p.name] = property(p.spec, p.doc, existing && existing.Required && !p.optional);
  }
  for (const [name, t] of Object.entries(PROPERTY_TYPES)) {
    const props = {};
    for (const [k, spec] of Object.entries(t.props)) props[k] = property(spec, t.doc, spec.Required);
    cfn.PropertyTypes[name] = { Documentation: t.doc, Properties: props };
  }
  for (const p of NESTED_PROPERTIES) {
    const props = cfn.PropertyTypes[p.type].Properties;
    props[p.name] = p.keepSpec ? Object.assign({}, props[p.name], { Required: false }) : property(p.spec, p.doc, false);
  }
  for (const [name, t] of Object.entries(RESOURCE_TYPES)) {
    const props = {};
    for (const [k, spec] of Object.entries(t.props)) props[k] = property(spec, t.doc, spec.Required);
    const attributes = {};
    for (const [k, spec] of Object.entries(t.attributes || {})) attributes[k] = spec;
    cfn.ResourceTypes[name] = { Documentation: t.doc, Properties: props, Attributes: attributes };
  }
}

// Literal values reachable at `value`, through Fn::If branches and lists.
function literals(value) {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(literals);
  if (typeof value === 'object') {
    if ('Fn::If' in value && Array.isArray(value['Fn::If'])) return value['Fn::If'].slice(1).flatMap(literals);
    return [];  // another intrinsic function: not a literal, cfn-lint has resolved and type-checked it
  }
  return [String(value)];
}

function valuesAt(value, pathParts) {
  if (pathParts.length === 0) return [value];
  if (value === null || typeof value !== 'object') return [];
  const [head, ...rest] = pathParts;
  if (head === '*') {
    const items = Array.isArray(value) ? value : Object.values(value);
    return items.flatMap((v) => valuesAt(v, rest));
  }
  return head in value ? valuesAt(value[head], rest) : [];
}

function checkAllowedValues(template) {
  const failures = [];
  const resources = template.Resources || {};
  const check = (type, pathParts, allowed, doc) => {
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== type) continue;
      for (const v of valuesAt(resource.Properties || {}, pathParts).flatMap(literals)) {
        if (!allowed.includes(v)) {
          failures.push(`${logicalId}.${pathParts.join('.')}: '${v}' is not one of ${allowed.join(', ')} (${doc || type})`);
        }
      }
    }
  };
  for (const p of PROPERTIES) if (p.allowed) check(p.type, [p.name], p.allowed, p.doc);
  for (const [type, pathParts, allowed] of NESTED_VALUES) check(type, pathParts, allowed);
  return failures;
}

// A template may list, under Metadata "hdoc:cfn-lint-exemptions", what it relies on from this
// supplement (ResourceTypes, Properties as Type.PropertyType.Name or Type.Name, NoLongerRequired).
// Each must really be supplemented here, so the list and the checks cannot drift apart.
function checkDeclaredExemptions(template) {
  const declared = ((template.Metadata || {})['hdoc:cfn-lint-exemptions']) || {};
  const failures = [];
  const supplementedProperties = new Set([
    ...PROPERTIES.filter((p) => !p.skip).map((p) => p.type + '.' + p.name),
    ...NESTED_PROPERTIES.map((p) => p.type + '.' + p.name),
  ]);
  for (const t of declared.ResourceTypes || []) {
    if (!(t in RESOURCE_TYPES)) failures.push(`Metadata lists resource type ${t}, which the supplement does not define`);
  }
  for (const p of [...(declared.Properties || []), ...(declared.NoLongerRequired || [])]) {
    if (!supplementedProperties.has(p)) failures.push(`Metadata lists property ${p}, which the supplement does not define`);
  }
  return failures;
}

function loadTemplate(file) {
  const text = fs.readFileSync(file, 'utf8');
  return yaml.safeLoad(text, { schema: buildYamlSchema(), filename: file });
}

function main() {
  const [mode, file] = process.argv.slice(2);
  if (!mode || !file || !['lint', 'json'].includes(mode)) {
    console.error('usage: cfn_lint_check.js lint|json TEMPLATE');
    process.exit(2);
  }
  let template;
  try {
    template = loadTemplate(file);
  } catch (e) {
    console.log(`crit: ${file}: cannot parse: ${e.message}`);
    process.exit(1);
  }
  if (mode === 'json') {
    process.stdout.write(JSON.stringify(template));
    return;
  }
  supplementSpecification();
  let result;
  try {
    result = cfnLint.validateJsonObject(JSON.parse(JSON.stringify(template)), {});
  } catch (e) {
    // cfn-lint throws (rather than reports) on a resource type its spec lacks entirely.
    console.log(`crit: ${file}: cfn-lint failed: ${e.message}`);
    process.exit(1);
  }
  const failures = [...checkAllowedValues(template), ...checkDeclaredExemptions(template)];
  const print = (level, items) => {
    for (const e of items) console.log(`${level}: ${e.resource}: ${e.message}`);
  };
  print('crit', result.errors.crit);
  print('warn', result.errors.warn);
  for (const f of failures) console.log('crit: ' + f);
  const crit = result.errors.crit.length + failures.length;
  console.log(`${path.basename(file)}: ${crit} critical, ${result.errors.warn.length} warnings` +
              (crit === 0 ? ' - template valid' : ''));
  process.exit(crit === 0 ? 0 : 1);
}

main();
