/**
 * The control plane API as TypeScript types, generated from its OpenAPI document (the server’s zod
 * schemas) by `npm run api:generate` with openapi-typescript. Do not edit: change the schemas and
 * regenerate; packages/server/test/api-contract.test.ts fails while this file is stale.
 */
/* eslint-disable @typescript-eslint/no-redundant-type-constituents -- `'release' | string` mirrors the schema's union */
import type { JsonValue as WireJsonValue } from '../config.js';
export interface paths {
    "/v1/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List workflows */
        get: operations["listWorkflows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a workflow */
        get: operations["getWorkflow"];
        /** Create or update a workflow */
        put: operations["applyWorkflow"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/bundles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a workflow's bundles */
        get: operations["listBundles"];
        put?: never;
        /** Register a bundle (immutable; same content again is a no-op) */
        post: operations["registerBundle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/bundles/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a bundle */
        get: operations["getBundle"];
        put?: never;
        post?: never;
        /** Delete a bundle no label, release or cool-down needs */
        delete: operations["deleteBundle"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/bundles/{version}/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What still needs this bundle (labels, releases, cool-downs) */
        get: operations["getBundleRetention"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/bundles/{version}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a bundle no label, release or cool-down needs */
        post: operations["archiveBundle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/bundles/{version}/unarchive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bring an archived bundle back */
        post: operations["unarchiveBundle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Diff two bundles component by component */
        get: operations["diffBundles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow's labels */
        get: operations["listLabels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/labels/{label}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Point a label at a bundle (recorded in the label history) */
        put: operations["setLabel"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/label-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every label move, newest first */
        get: operations["listLabelHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply documents (Workflow, Bundle, Release): all validated first, then applied in one transaction; with dryRun=true, rolled back */
        post: operations["applyDocuments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who this token is */
        get: operations["getWhoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tokens (never their secrets) */
        get: operations["listTokens"];
        put?: never;
        /** Create a token; its secret is returned this once */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a token */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit entries, oldest first */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check the hash chain: detects edited, inserted or deleted entries (also the newest). Unscoped tokens only */
        get: operations["verifyAuditChain"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow's current configuration */
        get: operations["getWorkflowConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/config/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Configuration revisions, newest first */
        get: operations["listConfigRevisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/flags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a flag (a definition, or a value for everyone or one segment) */
        put: operations["setFlag"];
        post?: never;
        /** Remove a flag's definition (the serving bundle's value applies again) */
        delete: operations["deleteFlag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/segments/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Create or replace a segment */
        put: operations["setSegment"];
        post?: never;
        /** Remove a segment nothing refers to */
        delete: operations["deleteSegment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/split": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a release's traffic split to a candidate bundle */
        put: operations["setSplit"];
        post?: never;
        /** End the traffic split: everyone gets the control bundle */
        delete: operations["clearSplit"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sdk/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The configuration snapshot (ETag = revision; If-None-Match gives 304) */
        get: operations["getSdkConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sdk/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events: a snapshot on connect, then each new revision */
        get: operations["streamSdkConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Releases, newest first */
        get: operations["listReleases"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A release with its timeline and decisions */
        get: operations["getRelease"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/readiness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (R2.3) and how long a rollback would take now */
        get: operations["getReleaseReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/readiness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (R2.3) of any workflow: its active release’s, or the rollback path of what production serves, with how long a rollback would take now */
        get: operations["getWorkflowReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a pending release once readiness passes */
        post: operations["startRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a release by hand */
        post: operations["pauseRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a release by hand */
        post: operations["resumeRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/abort": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Abort a release by hand */
        post: operations["abortRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Promote a release by hand */
        post: operations["promoteRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/offline-evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record and judge the offline evaluation's evidence: enough tasks at the required pass rate complete the offline stage; a failed evaluation pauses the release */
        post: operations["recordOfflineEvidence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The team lead acknowledges a level-2 rollback's notification (R6.1: within 15 minutes) */
        post: operations["acknowledgeRollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/rollback-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rollback that would run now (dry run) */
        get: operations["planRollback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Roll back now (authority checked; may wait for approvals). The incident commander may override the plan. */
        post: operations["rollBackRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Grant or refuse the rollback waiting for approval; a grant that completes the approvals runs it */
        post: operations["answerApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/references": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Declare the reference distributions its driftFromReference gates compare with (per series: prediction or a feature), before the release starts */
        put: operations["declareReferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Incidents, newest first */
        get: operations["listIncidents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An incident with its timeline, MTTD, MTTR and blast radius */
        get: operations["getIncident"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the post-incident review (root cause, remediation, prevention) and close the incident */
        post: operations["reviewIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/incidents/{id}/customer-message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** R7.4: the incident's customer message — ripcord's suggestion in plain words, and the recorded versions */
        get: operations["getIncidentCustomerMessage"];
        /** R7.4: record a new version of the incident's customer message (a draft, or as sent), audited */
        put: operations["recordIncidentCustomerMessage"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rollbacks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A release's rollback runs, newest first */
        get: operations["listRollbackRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rollbacks/dry-run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rollback that would run now with the exact calls of the workflow's built-in actuators (reads their targets, never writes) */
        get: operations["rollbackDryRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rollbacks/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rollback run with its steps, their results and the progress of its jobs */
        get: operations["getRollbackRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rollbacks/{runId}/jobs/{step}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report the status of a level 3/4 job (its runner, or a person). Success lets the run go on; failure fails it. */
        post: operations["reportRollbackJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/operations/{operation}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** R3.4: restore the previous model and prompt route, disable tool execution, or move automatic actions to human review */
        post: operations["runOperation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/drills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** R8.1: run a rollback drill (planner, executor, actuators and verification, confined to the drill segment), restore and verify */
        post: operations["runDrill"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/drills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rollback drills, newest first */
        get: operations["listDrills"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/drills/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rollback drill with its steps, times and verifications */
        get: operations["getDrill"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/chaos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** R8.1: inject a fault into a drill release confined to the drill segment, drive synthetic traffic through the SDK, and check detection, the automatic rollback and its verification; restore */
        post: operations["runChaos"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chaos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Chaos runs, newest first */
        get: operations["listChaosRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chaos/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A chaos run: what fired, when, the rollback, its verification and the restore */
        get: operations["getChaosRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** R8.2: MTTD, MTTR per level, first-try rollback success, blast radius, drill completion, rollback frequency and root causes over a period */
        get: operations["getEffectivenessReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/environments/{environment}/runbook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** R8.3: the decision matrix (trigger → decision → level → first action → approval → verification → customer message), procedure per level, recovery, owners, communication */
        get: operations["getRunbook"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/batch-outputs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow's batch outputs, newest first (by version, by status) */
        get: operations["listBatchOutputs"];
        put?: never;
        /** R5.4: register a batch output with the bundle version that produced it (same batch key: supersedes) */
        post: operations["registerBatchOutput"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow}/batch-outputs/invalidate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a bad version's valid outputs (or the listed ones) invalid; recorded on the incident if given */
        post: operations["invalidateBatchOutputs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Outcome events and edge summaries: a JSON array or NDJSON of at most 1000; 202 once stored */
        post: operations["ingestEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/gates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A release's gates evaluated now: state, numbers, sentence, severity, criticality */
        get: operations["getReleaseGates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/gates/{gate}/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Force a gate breached or passing, or clear the override (audited with actor and reason) */
        post: operations["overrideGate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/rollback-authority": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rollback that would run now and, for this token, whether it may run it or which approvals it needs and who may give them (dry run) */
        get: operations["checkRollbackAuthority"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/releases/{id}/gates/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each gate's readings at every tick (bounded; older ticks thinned, state changes kept) */
        get: operations["getGateHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/changes/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events: `ready` at once, then `changes` ({ changes: [{ kind, id, workflow, environment, releaseId }] }) as objects the token may see change */
        get: operations["streamChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/alertmanager": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Alertmanager's webhook (payload version 4): firing alerts breach matching `source: alert` gates */
        post: operations["receiveAlertmanagerAlerts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generic alerts (Grafana, Datadog monitors, …): signed with X-Ripcord-Signature, or an alerts token */
        post: operations["receiveWebhookAlerts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts received, newest first; ?outcome=unmatched lists those no gate took, with the reason */
        get: operations["listAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** ripcord's own metrics in Prometheus text format (any valid token) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ofrep/v1/evaluate/flags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OFREP: evaluate one flag (the key may be "workflow/flag", with the slash encoded as %2F) */
        post: operations["ofrepEvaluateFlag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ofrep/v1/evaluate/flags/{workflow}/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OFREP: evaluate one flag keyed "workflow/flag" (providers put the key in the path unencoded) */
        post: operations["ofrepEvaluateWorkflowFlag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ofrep/v1/evaluate/flags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OFREP: evaluate every flag of a workflow (ETag; If-None-Match gives 304) */
        post: operations["ofrepEvaluateFlagsBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        WorkflowRecord: {
            name: string;
            spec: {
                /** @enum {string} */
                kind: "Workflow";
                name: string;
                description?: string;
                /** @enum {string} */
                criticality?: "business-critical" | "standard" | "experimental";
                /** @enum {string} */
                type: "llm" | "realtime" | "batch";
                sla?: {
                    latencyP99Ms?: number;
                    latencyP95Ms?: number;
                    latencyP50Ms?: number;
                    errorRate?: number;
                };
                owners?: {
                    engineering?: string | string[];
                    platform?: string | string[];
                    product?: string | string[];
                    risk?: string | string[];
                    support?: string | string[];
                    incidentCommander?: string | string[];
                    teamLead?: string | string[];
                    dataEngineeringLead?: string | string[];
                    mlEngineeringLead?: string | string[];
                    onCall?: string | string[];
                };
                actuators?: {
                    [key: string]: {
                        /** @enum {string} */
                        kind?: "webhook";
                        url: string;
                        secretEnv?: string;
                        timeout?: string;
                        attempts?: number;
                        deadline?: string;
                    } | {
                        /** @enum {string} */
                        kind: "gateway-api";
                        server: string;
                        tokenEnv: string;
                        namespace: string;
                        name: string;
                        timeout?: string;
                        attempts?: number;
                    } | {
                        /** @enum {string} */
                        kind: "istio";
                        server: string;
                        tokenEnv: string;
                        namespace: string;
                        name: string;
                        timeout?: string;
                        attempts?: number;
                    } | {
                        /** @enum {string} */
                        kind: "kserve";
                        server: string;
                        tokenEnv: string;
                        namespace: string;
                        name: string;
                        timeout?: string;
                        attempts?: number;
                    } | {
                        /** @enum {string} */
                        kind: "mlflow";
                        url: string;
                        alias: string;
                        tokenEnv?: string;
                        /** @enum {string} */
                        auth?: "bearer" | "basic";
                        timeout?: string;
                        attempts?: number;
                    } | {
                        /** @enum {string} */
                        kind: "table-restore";
                        url: string;
                        warehouseId: string;
                        tokenEnv: string;
                        timeout?: string;
                        attempts?: number;
                        deadline?: string;
                    };
                };
                drills?: {
                    every?: string;
                    segment?: string;
                    level?: 1 | 2;
                    automatic?: boolean;
                };
            };
            contentHash: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: date-time */
            updatedAt: string;
            updatedBy: string;
        };
        ErrorBody: {
            error: {
                code: string;
                message: string;
                details?: ({
                    path?: string;
                    message: string;
                } & {
                    [key: string]: unknown;
                })[];
                requestId: string;
            };
        };
        WorkflowApplied: {
            /** @enum {string} */
            outcome: "created" | "updated" | "unchanged";
        };
        BundleRecord: {
            id: string;
            workflow: string;
            version: string;
            spec: {
                /** @enum {string} */
                kind: "Bundle";
                workflow: string;
                version: string;
                description?: string;
                components: {
                    modelRoute?: {
                        provider: string;
                        account?: string;
                        project?: string;
                        region?: string;
                        family?: string;
                        model?: string;
                        deployment?: string;
                        inferenceProfile?: string;
                        /** Format: uri */
                        healthCheck?: string;
                    };
                    model?: {
                        name: string;
                        version: string | number;
                        artifact?: string;
                        framework?: string;
                        /** Format: uri */
                        healthCheck?: string;
                        mlflow?: {
                            name?: string;
                            version: string;
                        };
                    };
                    prompt?: {
                        id: string;
                        commit: string;
                        system?: string;
                        developer?: string;
                        fewShotExamples?: number | unknown[];
                        temperature?: number;
                        topP?: number;
                        maxOutputTokens?: number;
                        stop?: string[];
                    };
                    retrieval?: {
                        indexBuild: string;
                        corpusCutoff?: string;
                        embeddingRoute?: string;
                        reranker?: string;
                        /** @description retrieval filters, as the team writes it (open) */
                        filters?: {
                            [key: string]: unknown;
                        };
                    };
                    tools?: {
                        schemaVersion: string | number;
                        /** @enum {string} */
                        mode: "optional" | "forced" | "disabled";
                        tools: {
                            name: string;
                            /** @enum {string} */
                            sideEffects: "none" | "read" | "write";
                            /** @description the tool's JSON schema, as the team writes it (open) */
                            schema?: {
                                [key: string]: unknown;
                            };
                            validation?: string[];
                        }[];
                    };
                    outputSchema?: {
                        version: string | number;
                        parser?: string;
                        required?: string[];
                        validationRules?: string[];
                        /** @description the output JSON schema, as the team writes it (open) */
                        schema?: {
                            [key: string]: unknown;
                        };
                    };
                    featurePipeline?: {
                        version: string;
                        code?: string;
                        features?: string[];
                        /** Format: uri */
                        healthCheck?: string;
                    };
                    dataSnapshot?: {
                        ref: string;
                        takenAt?: string;
                        table?: {
                            /** @enum {string} */
                            format: "delta";
                            name: string;
                            version: number;
                        } | {
                            /** @enum {string} */
                            format: "iceberg";
                            name: string;
                            snapshotId: string;
                        };
                    };
                    serving?: {
                        replicas?: number;
                        image?: string;
                        /** @description serving resources, as the team writes it (open) */
                        resources?: {
                            [key: string]: unknown;
                        };
                        /** @description serving configuration, as the team writes it (open) */
                        config?: {
                            [key: string]: unknown;
                        };
                        /** Format: uri */
                        healthCheck?: string;
                        kubernetes?: {
                            service: string;
                            namespace?: string;
                            port?: number;
                            host?: string;
                            subset?: string;
                        };
                    };
                    evaluation?: {
                        datasetHash: string;
                        sampling?: string;
                        thresholds?: {
                            [key: string]: number;
                        };
                        rubric?: string;
                        failureExamples?: string[];
                    };
                    batch?: {
                        batchId?: string;
                        endpoint?: string;
                        inputFileHash?: string;
                        outputFileHash?: string;
                        customIdField?: string;
                    };
                };
                requires?: {
                    modelRoute?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    model?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    prompt?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    retrieval?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    tools?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    outputSchema?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    featurePipeline?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    dataSnapshot?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    serving?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    evaluation?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                    batch?: {
                        modelRoute?: string | number;
                        model?: string | number;
                        prompt?: string | number;
                        retrieval?: string | number;
                        tools?: string | number;
                        outputSchema?: string | number;
                        featurePipeline?: string | number;
                        dataSnapshot?: string | number;
                        serving?: string | number;
                        evaluation?: string | number;
                        batch?: string | number;
                    };
                };
                flags?: {
                    [key: string]: boolean | string | number | string[] | {
                        [key: string]: unknown;
                    };
                };
            };
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: date-time */
            archivedAt: string | null;
            archivedBy: string | null;
        };
        BundleRegistered: {
            /** @enum {string} */
            outcome: "created" | "updated" | "unchanged";
            /** @description the bundle's id */
            id: string;
        };
        BundleDiff: {
            from: string;
            to: string;
            components: {
                component: string;
                /** @enum {string} */
                status: "unchanged" | "changed" | "added" | "removed";
                changes: {
                    path: string;
                    from?: unknown;
                    to?: unknown;
                }[];
            }[];
            changedComponents: string[];
            flags: {
                path: string;
                from?: unknown;
                to?: unknown;
            }[];
            requires: {
                path: string;
                from?: unknown;
                to?: unknown;
            }[];
        };
        Label: {
            workflow: string;
            environment: string;
            label: string;
            bundleVersion: string;
            /** Format: date-time */
            updatedAt: string;
            updatedBy: string;
        };
        LabelMove: {
            id: number;
            workflow: string;
            environment: string;
            label: string;
            fromVersion: string | null;
            toVersion: string | null;
            actor: string;
            reason: string;
            /** Format: date-time */
            at: string;
        };
        Whoami: {
            subject: string;
            /** @enum {string} */
            role: "admin" | "operator" | "viewer" | "sdk" | "alerts" | "jobs";
            tokenId: string;
            scope: {
                workflows?: string[];
                environment?: string;
            } | null;
        };
        Token: {
            id: string;
            subject: string;
            /** @enum {string} */
            role: "admin" | "operator" | "viewer" | "sdk" | "alerts" | "jobs";
            scope: {
                workflows?: string[];
                environment?: string;
            } | null;
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: date-time */
            revokedAt: string | null;
            revokedBy: string | null;
        };
        AuditEntry: {
            seq: number;
            /** Format: date-time */
            at: string;
            actor: string;
            action: string;
            subject: string;
            /** @description the action's facts; their fields depend on `action` (open) */
            details: {
                [key: string]: unknown;
            };
            prevHash: string;
            hash: string;
        };
        WorkflowConfigState: {
            /** @description flag key → explicit definition */
            flags: {
                [key: string]: components["schemas"]["FlagDefinition"];
            };
            /** @description segment name → segment */
            segments: {
                [key: string]: components["schemas"]["Segment"];
            };
            split?: components["schemas"]["TrafficSplit"];
            lastChange?: {
                actor: string;
                reason: string;
                /** Format: date-time */
                at: string;
            };
            bundles: {
                control?: components["schemas"]["BundleFlags"];
                candidate?: components["schemas"]["BundleFlags"];
            };
        };
        FlagDefinition: {
            /** @enum {string} */
            type: "boolean" | "string" | "number" | "string_list" | "json";
            variants: {
                [key: string]: components["schemas"]["JsonValue"];
            };
            defaultVariant?: string;
            rules?: {
                segment: string;
                variant: string;
            }[];
            disabled?: boolean;
            metadata?: {
                [key: string]: string | number | boolean;
            };
            description?: string;
        };
        JsonValue: WireJsonValue;
        Segment: {
            conditions: {
                attribute: string;
                /** @enum {string} */
                op: "eq" | "neq" | "in" | "not_in" | "starts_with" | "ends_with" | "contains" | "gt" | "gte" | "lt" | "lte";
                value: string | number | boolean | (string | number | boolean)[];
            }[];
            description?: string;
        };
        TrafficSplit: {
            release: string;
            /** @description candidate share, 0–100 with 0.01 resolution */
            percent: number;
            eligibleSegment?: string;
            segmentPercents?: {
                segment: string;
                percent: number;
            }[];
        };
        BundleFlags: {
            version: string;
            /** @description the bundle's `flags:` map: flag key → value */
            flags: {
                [key: string]: components["schemas"]["JsonValue"];
            };
        };
        ConfigRevision: {
            revision: number;
            workflow: string;
            environment: string;
            actor: string;
            reason: string;
            /** Format: date-time */
            at: string;
            change: components["schemas"]["ConfigChange"];
            config: components["schemas"]["WorkflowConfigState"];
        };
        ConfigChange: {
            /** @enum {string} */
            kind: "flag.set";
            /** @description the flag's key — but a change made by a rollback step stores its idempotency key here instead */
            key: string;
            definition: components["schemas"]["FlagDefinition"];
        } | {
            /** @enum {string} */
            kind: "flag.unset";
            /** @description the flag's key */
            key: string;
        } | {
            /** @enum {string} */
            kind: "segment.set";
            name: string;
            segment: components["schemas"]["Segment"];
            /** @description the idempotency key of the rollback step that made it */
            key?: string;
        } | {
            /** @enum {string} */
            kind: "segment.unset";
            name: string;
            /** @description the idempotency key of the rollback step that made it */
            key?: string;
        } | {
            /** @enum {string} */
            kind: "split.set";
            release: string;
            candidate: string;
            percent: number;
            /** @description the idempotency key of the rollback step that made it */
            key?: string;
        } | {
            /** @enum {string} */
            kind: "split.cleared";
            /** @description the idempotency key of the rollback step that made it */
            key?: string;
        } | {
            /** @enum {string} */
            kind: "control.changed";
            version: string;
            /** @description the idempotency key of the rollback step that made it */
            key?: string;
        };
        ConfigSnapshot: {
            environment: string;
            /** @description the environment revision (≥ 1), also the ETag */
            revision: number;
            /** Format: date-time */
            generatedAt: string;
            /** @description workflow name → configuration */
            workflows: {
                [key: string]: components["schemas"]["WorkflowConfig"];
            };
        };
        WorkflowConfig: {
            /** @description flag key → explicit definition */
            flags: {
                [key: string]: components["schemas"]["FlagDefinition"];
            };
            /** @description segment name → segment */
            segments: {
                [key: string]: components["schemas"]["Segment"];
            };
            split?: components["schemas"]["TrafficSplit"];
            lastChange?: {
                actor: string;
                reason: string;
                /** Format: date-time */
                at: string;
            };
            /** @description the last environment revision that changed this workflow */
            revision: number;
            bundles: {
                control: components["schemas"]["BundleFlags"];
                candidate?: components["schemas"]["BundleFlags"];
            };
        };
        Release: {
            id: string;
            workflow: string;
            environment: string;
            name: string;
            /** @description the current plan stage's index; -1 before the release starts */
            stage: number;
            spec: components["schemas"]["ReleaseSpec"];
            contentHash: string;
            /** @description reference distributions declared for driftFromReference gates, by series */
            references: {
                [key: string]: {
                    edges: number[];
                    proportions: number[];
                };
            };
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            finishedAt: string | null;
        } & components["schemas"]["ReleaseState"];
        ReleaseSpec: {
            /** @enum {string} */
            kind: "Release";
            workflow: string;
            environment: string;
            name: string;
            description?: string;
            control: string;
            candidate: string;
            plan: {
                offline?: {
                    tasks: number;
                    dataset: string;
                };
                canary?: {
                    percent: number;
                    bake: string;
                    segment?: string;
                };
                promote?: Record<string, never>;
            }[];
            gates: "none-accepted" | {
                name: string;
                /** @enum {string} */
                metric: "error_rate" | "latency_p95" | "latency_p99" | "schema_failure_rate" | "cost_per_successful_task" | "review_rejection_rate" | "safety_block_rate" | "confirmed_complaints" | "health_check" | "oom_crashes" | "primary_metric" | "conversion_rate" | "prediction_error_mape" | "missing_feature_rate" | "prediction_distribution" | "feature_distribution" | "tool_call_rate" | "tool_write_rate" | "unsafe_tool_call_rate";
                description?: string;
                candidate?: {
                    above?: number | string;
                    below?: number | string;
                    /** @enum {string} */
                    of?: "control" | "baseline_p95_7d" | "approved_estimate" | "sla" | "slo";
                    worseThanControlBy?: string;
                    driftFromControl?: {
                        /** @enum {string} */
                        method: "psi" | "kl" | "js";
                        above: number;
                    };
                    driftFromReference?: {
                        /** @enum {string} */
                        method: "psi" | "kl" | "js";
                        above: number;
                    };
                    /** @enum {boolean} */
                    failing?: true;
                };
                control?: {
                    above?: number | string;
                    below?: number | string;
                };
                over?: {
                    consecutiveCalls?: number;
                    completedTasks?: number;
                    reviewedOutputs?: number;
                    comparableRequests?: number;
                };
                within?: "release" | string;
                sustained?: string;
                count?: {
                    atLeast: number;
                    within: "release" | string;
                    matchingSamples?: boolean;
                };
                /** @enum {string} */
                severity: "immediate" | "rapid" | "delayed";
                action?: {
                    restore?: string[];
                    set?: {
                        [key: string]: string | number | boolean | string[];
                    };
                    /** @enum {string} */
                    scope?: "all" | "affected-segments";
                    /** @enum {boolean} */
                    pause?: true;
                    rollout?: "previous-stage" | 0;
                    level?: 1 | 2 | 3 | 4;
                    /** @enum {string} */
                    then?: "firstRollback";
                };
                /** @enum {string} */
                test?: "literal" | "sequential" | "both";
                minSamples?: number;
                primaryMetric?: string;
                slo?: number;
                approvedEstimateUsd?: number;
                baselineP95Ms?: number;
                features?: string[];
                tool?: string;
                /** @enum {string} */
                source?: "events" | "prometheus" | "datadog" | "alert";
                prometheus?: {
                    server: string;
                    interval?: string;
                    lookback?: string;
                    timeout?: string;
                    numerator?: string;
                    denominator?: string;
                    value?: string;
                };
                datadog?: {
                    server: string;
                    interval?: string;
                    lookback?: string;
                    timeout?: string;
                    value: string;
                };
                alert?: {
                    name: string;
                    matchers?: {
                        [key: string]: string;
                    };
                    severities?: {
                        [key: string]: "immediate" | "rapid" | "delayed";
                    };
                };
            }[];
            gatesWaiver?: {
                reason: string;
                acceptedBy?: string;
            };
            firstRollback: {
                restore?: string[];
                set?: {
                    [key: string]: string | number | boolean | string[];
                };
                /** @enum {string} */
                scope?: "all" | "affected-segments";
                /** @enum {boolean} */
                pause?: true;
                rollout?: "previous-stage" | 0;
                level?: 1 | 2 | 3 | 4;
                /** @enum {string} */
                then?: "firstRollback";
            };
            /** @default [] */
            automatic: ("flags" | "level1" | "level2" | "level3" | "level4")[];
            /** @default [] */
            evidence: ("traceIds" | "rejectedSamples" | "parserLogs" | "costSample" | "reviewerNotes" | "toolCalls" | "predictionSamples" | "healthChecks")[];
            authority: {
                flipFlags: ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall") | ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall")[];
                reduceAutomation: ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall") | ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall")[];
            };
            /** @default 72h */
            cooldown: string;
            postDeployTest?: boolean;
            /** @enum {string} */
            test?: "literal" | "sequential" | "both";
            alpha?: number;
        };
        ReleaseState: {
            /** @enum {string} */
            status: "pending";
            state: Record<string, never>;
        } | {
            /** @enum {string} */
            status: "running";
            state: {
                stage: components["schemas"]["StageClock"];
                /** @description since when each gate (by name) has been in its current state */
                gateSince: {
                    [key: string]: {
                        state: string;
                        /** Format: date-time */
                        since: string;
                    };
                };
                /** @description the last decision recorded, as `kind:gates` */
                lastDecision?: string;
                /**
                 * Format: date-time
                 * @description the first breach seen (MTTD)
                 */
                firstBreachAt?: string;
                teamLead?: components["schemas"]["TeamLeadNotice"];
                pendingRollback?: components["schemas"]["PendingRollback"];
            };
        } | {
            /** @enum {string} */
            status: "paused";
            state: {
                stage: components["schemas"]["StageClock"];
                /** @description since when each gate (by name) has been in its current state */
                gateSince: {
                    [key: string]: {
                        state: string;
                        /** Format: date-time */
                        since: string;
                    };
                };
                /** @description the last decision recorded, as `kind:gates` */
                lastDecision?: string;
                /**
                 * Format: date-time
                 * @description the first breach seen (MTTD)
                 */
                firstBreachAt?: string;
                teamLead?: components["schemas"]["TeamLeadNotice"];
                pendingRollback?: components["schemas"]["PendingRollback"];
                /** @description why the release is paused, and by whom */
                pause: {
                    by: string;
                    reason: string;
                };
            };
        } | {
            /** @enum {string} */
            status: "rolling-back";
            state: {
                stage: components["schemas"]["StageClock"];
                /** @description since when each gate (by name) has been in its current state */
                gateSince: {
                    [key: string]: {
                        state: string;
                        /** Format: date-time */
                        since: string;
                    };
                };
                /** @description the last decision recorded, as `kind:gates` */
                lastDecision?: string;
                /**
                 * Format: date-time
                 * @description the first breach seen (MTTD)
                 */
                firstBreachAt?: string;
                teamLead?: components["schemas"]["TeamLeadNotice"];
            };
        } | {
            /** @enum {string} */
            status: "rolled-back";
            state: {
                /** Format: date-time */
                firstBreachAt?: string;
                teamLead?: components["schemas"]["TeamLeadNotice"];
            };
        } | {
            /** @enum {string} */
            status: "promoted";
            state: {
                /**
                 * Format: date-time
                 * @description the previous bundle stays warm until then (R1.4)
                 */
                cooldownEndsAt: string;
                /** Format: date-time */
                firstBreachAt?: string;
            };
        } | {
            /** @enum {string} */
            status: "aborted";
            state: {
                /** Format: date-time */
                firstBreachAt?: string;
            };
        };
        StageClock: {
            /** Format: date-time */
            startedAt: string;
            /**
             * Format: date-time
             * @description when a canary stage's bake is over
             */
            bakeEndsAt?: string;
            /**
             * Format: date-time
             * @description when an offline stage's passing evidence was recorded
             */
            evidenceAt?: string;
        };
        TeamLeadNotice: {
            /** Format: date-time */
            ackBy: string;
            /** @enum {string} */
            answer: "waiting";
        } | {
            /** Format: date-time */
            ackBy: string;
            /** @enum {string} */
            answer: "acknowledged";
            /** Format: date-time */
            at: string;
        } | {
            /** Format: date-time */
            ackBy: string;
            /** @enum {string} */
            answer: "missed";
            /** Format: date-time */
            at: string;
        };
        PendingRollback: {
            /** Format: date-time */
            at: string;
            /** Format: date-time */
            expiresAt: string;
            requestedBy: string;
            level: string;
            /** @description the approvals still needed */
            remaining: string[];
            request: {
                /** @description the breached gates the plan must cover */
                gates?: {
                    gate: string;
                    segments?: string[];
                    action?: {
                        restore?: string[];
                        set?: {
                            [key: string]: string | number | boolean | string[];
                        };
                        /** @enum {string} */
                        scope?: "all" | "affected-segments";
                        /** @enum {boolean} */
                        pause?: true;
                        rollout?: "previous-stage" | 0;
                        level?: 1 | 2 | 3 | 4;
                        /** @enum {string} */
                        then?: "firstRollback";
                    };
                }[];
                requestedLevel?: 1 | 2 | 3 | 4;
                /** @description the incident commander's override (R6.2) */
                override?: {
                    by: string;
                    reason: string;
                    action?: {
                        restore?: string[];
                        set?: {
                            [key: string]: string | number | boolean | string[];
                        };
                        /** @enum {string} */
                        scope?: "all" | "affected-segments";
                        /** @enum {boolean} */
                        pause?: true;
                        rollout?: "previous-stage" | 0;
                        level?: 1 | 2 | 3 | 4;
                        /** @enum {string} */
                        then?: "firstRollback";
                    };
                    level?: 1 | 2 | 3 | 4;
                };
                reason?: string;
            };
        };
        ReleaseShown: {
            release: components["schemas"]["Release"];
            timeline: components["schemas"]["TimelineEntry"][];
            decisions: components["schemas"]["ReleaseDecision"][];
        };
        TimelineEntry: {
            id: number;
            releaseId: string;
            /** Format: date-time */
            at: string;
            /** @description what happened, e.g. release.started, decision, rollback.executed */
            kind: string;
            actor: string;
            /** @description the entry's facts; their fields depend on `kind` (open) */
            details: {
                [key: string]: unknown;
            };
        };
        ReleaseDecision: {
            id: string;
            releaseId: string;
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            kind: "rollback-now" | "investigate" | "do-not-roll-back" | "continue" | "promote";
            reasoning: string;
            actor: string;
            /** @description a tick's whole decision, or a failed offline evaluation's judgement */
            evidence: {
                /** @enum {string} */
                kind: "rollback-now" | "investigate" | "do-not-roll-back" | "continue" | "promote";
                /** @enum {string|null} */
                urgency: "immediate" | "rapid" | null;
                gates: string[];
                rollback: {
                    gate: string;
                    segments: string[];
                }[];
                reviews: string[];
                blockers: {
                    gate: string;
                    why: string;
                }[];
                advance: boolean;
                evidence: {
                    gate: string;
                    /** @enum {string} */
                    severity: "immediate" | "rapid" | "delayed";
                    metric: string | null;
                    /** @enum {string} */
                    state: "passing" | "breached" | "inconclusive";
                    /** @enum {string} */
                    computedState: "passing" | "breached" | "inconclusive";
                    statistic: number | null;
                    threshold: number | null;
                    control: number | null;
                    samples: {
                        candidate: number;
                        control: number | null;
                    } | null;
                    sentence: string | null;
                    segments: string[];
                    override: {
                        /** @enum {string} */
                        force: "breached" | "passing";
                        actor: string;
                        reason: string;
                        /** Format: date-time */
                        at?: string;
                    } | null;
                    /** @description what the gate kept, frozen with the decision (R2.1): count sample ids, the latest events against it */
                    evidence?: {
                        sampleIds: string[];
                        unmatched: number;
                        kept: {
                            candidate: components["schemas"]["KeptSample"][];
                            control: components["schemas"]["KeptSample"][];
                            counted: {
                                candidate: number;
                                control: number;
                            };
                        } | null;
                    } | null;
                }[];
                reasoning: string;
                /** Format: date-time */
                decidedAt: string;
                /** @description absolute gates breached on both arms alike (docs/gates.md "Shared causes") */
                shared?: {
                    gate: string;
                    metric: string | null;
                    candidate: number | null;
                    control: number;
                    threshold: number | null;
                    samples: {
                        candidate: number | null;
                        control: number;
                    };
                    errorKinds: {
                        kind: string;
                        candidate: number;
                        control: number;
                    }[];
                    /** @description the route parts both arms share */
                    route: {
                        [key: string]: string;
                    };
                    /**
                     * Format: date-time
                     * @description since when the gate has been breached on both arms
                     */
                    since: string | null;
                }[];
                /** @description recorded in the cool-down after promotion (delayed and late-label gates) */
                afterPromotion?: boolean;
                /** @description for a shared cause: the fallback route offered first */
                offer?: {
                    set: {
                        [key: string]: string;
                    };
                    /** @enum {string} */
                    scope: "all";
                    /** @enum {string} */
                    arms: "both";
                    withinAuthority: boolean;
                    authority: string;
                    why: string;
                } | null;
            } | {
                offline: components["schemas"]["OfflineJudgement"];
            };
        };
        KeptSample: {
            id: string;
            at: string;
            traceId?: string;
            parserError?: string;
            errorKind?: string;
            costUsd?: number;
            reviewer?: string;
            notes?: string;
        };
        OfflineJudgement: {
            /** @enum {string} */
            verdict: "passed" | "incomplete" | "failed";
            reason: string;
            required: {
                tasks: number;
                dataset: string;
                passRate: number;
                source: string;
                passed: number;
            };
            observed: {
                tasks: number;
                passed: number;
                passRate: number;
                dataset: string | null;
            };
        };
        Readiness: {
            ready: boolean;
            /** @description why the release may not start; empty when ready */
            blockers: string[];
            warnings: string[];
            checks: components["schemas"]["HealthCheck"][];
            signals: components["schemas"]["SignalSourceHealth"][];
            plan: components["schemas"]["RollbackPlan"] | null;
            /** @description the workflow's rollback drills (absent when not wired) */
            drills?: {
                /** @description a drill must pass at least this often */
                every: string;
                lastPassed: {
                    id: string;
                    at: string;
                    level: number;
                } | null;
                due: boolean;
                /** @description the Workflow declares `drills:`, so stale drills and R2.4 block */
                enforced: boolean;
                command: string;
            };
        };
        HealthCheck: {
            url: string;
            component: string;
            ok: boolean;
            detail: string;
        };
        SignalSourceHealth: {
            /** @description the source's name in the server's settings, or `alerts` */
            source: string;
            /** @enum {string} */
            system: "prometheus" | "datadog" | "alert";
            url: string | null;
            /** @enum {string} */
            status: "ok" | "failing" | "not-configured";
            detail: string;
            /** @description the gates that read it */
            gates: string[];
        };
        RollbackPlan: {
            /** @enum {string} */
            status: "planned" | "no-op" | "refused";
            reason: string | null;
            release: string;
            workflow: string;
            control: string;
            candidate: string;
            /**
             * @description the highest level among the steps
             * @enum {string}
             */
            level: "flags" | "level1" | "level2" | "level3" | "level4";
            steps: components["schemas"]["PlanStep"][];
            /** @description the gates the plan covers, in ticket order */
            covers: string[];
            sources: {
                gate: string | null;
                /** @enum {string} */
                from: "action" | "firstRollback" | "override" | "readiness";
            }[];
            /** @description every level the steps need (vs the release's automatic) */
            automation: ("flags" | "level1" | "level2" | "level3" | "level4")[];
            noops: {
                what: string;
                reason: string;
                gates: string[];
            }[];
            refusals: {
                /** @enum {string} */
                level: "flags" | "level1" | "level2" | "level3" | "level4";
                reason: string;
                conflicts: {
                    /** @enum {string} */
                    component: "modelRoute" | "model" | "prompt" | "retrieval" | "tools" | "outputSchema" | "featurePipeline" | "dataSnapshot" | "serving" | "evaluation" | "batch";
                    /** @enum {string} */
                    needs: "modelRoute" | "model" | "prompt" | "retrieval" | "tools" | "outputSchema" | "featurePipeline" | "dataSnapshot" | "serving" | "evaluation" | "batch";
                    required: string;
                    /** @description absent when the component is missing */
                    actual?: string;
                }[];
                /** @enum {string|null} */
                escalatedTo: "flags" | "level1" | "level2" | "level3" | "level4" | null;
            }[];
            /** @description contradictions a human must confirm */
            conflicts: string[];
            override: {
                by: string;
                reason: string;
            } | null;
            cannotUndo: components["schemas"]["CannotUndo"][];
            estimate: components["schemas"]["TimeEstimate"];
            notes: string[];
            /** @description the two bundles' external targets, frozen with the plan for the built-in actuators */
            targets?: {
                control: components["schemas"]["BundleTargets"];
                candidate: components["schemas"]["BundleTargets"];
            };
            /** @description the candidate's batch outputs to invalidate after the rollback (R5.4), with the command */
            invalidate?: {
                outputs: {
                    id: string;
                    batchKey: string;
                    batchId: string;
                    location: string;
                    finishedAt: string;
                }[];
                command: string;
            };
        };
        PlanStep: {
            /** @enum {string} */
            kind: "pause";
            /**
             * @description the authority the step needs; null for pause
             * @enum {string|null}
             */
            level: "flags" | "level1" | "level2" | "level3" | "level4" | null;
            /** @description the gates this step covers */
            gates: string[];
            text: string;
        } | {
            /** @enum {string} */
            kind: "set-flag";
            /**
             * @description the authority the step needs; null for pause
             * @enum {string|null}
             */
            level: "flags" | "level1" | "level2" | "level3" | "level4" | null;
            /** @description the gates this step covers */
            gates: string[];
            text: string;
            flag: string;
            value: string | number | boolean | string[] | {
                [key: string]: unknown;
            };
            /** @description null: all traffic */
            segments: string[] | null;
            reducesAutomation: boolean;
        } | {
            /** @enum {string} */
            kind: "traffic";
            /**
             * @description the authority the step needs; null for pause
             * @enum {string|null}
             */
            level: "flags" | "level1" | "level2" | "level3" | "level4" | null;
            /** @description the gates this step covers */
            gates: string[];
            text: string;
            /** @enum {string} */
            to: "control" | "previous-stage";
            percent: number;
            segment: string | null;
        } | {
            /** @enum {string} */
            kind: "restore";
            /**
             * @description the authority the step needs; null for pause
             * @enum {string|null}
             */
            level: "flags" | "level1" | "level2" | "level3" | "level4" | null;
            /** @description the gates this step covers */
            gates: string[];
            text: string;
            /** @enum {string} */
            component: "modelRoute" | "model" | "prompt" | "retrieval" | "tools" | "outputSchema" | "featurePipeline" | "dataSnapshot" | "serving" | "evaluation" | "batch";
            from: string | null;
            to: string | null;
        } | {
            /** @enum {string} */
            kind: "job";
            /**
             * @description the authority the step needs; null for pause
             * @enum {string|null}
             */
            level: "flags" | "level1" | "level2" | "level3" | "level4" | null;
            /** @description the gates this step covers */
            gates: string[];
            text: string;
            /** @enum {string} */
            job: "recompute-features" | "restore-snapshot" | "retrain-model";
            target: string;
        };
        CannotUndo: {
            /** @enum {string} */
            kind: "side-effect";
            tool: string;
            count: number | null;
            sampleIds: string[];
            text: string;
        } | {
            /** @enum {string} */
            kind: "batch-output";
            batchId: string;
            outputs: number;
            bundleVersion: string;
            text: string;
        } | {
            /** @enum {string} */
            kind: "cached-state";
            name: string;
            text: string;
        };
        TimeEstimate: {
            /** @enum {string} */
            level: "flags" | "level1" | "level2" | "level3" | "level4";
            typicalSeconds: number;
            upperSeconds: number;
            /**
             * @description `switch` for routing and flag changes; `job` for L3/L4 work
             * @enum {string}
             */
            mode: "switch" | "job";
            /** @description approvals come first; their wait is not in the numbers */
            awaitsApproval: boolean;
            text: string;
            /** @description the drills the numbers were measured by (p50/p90 of their rollback times); absent for defaults */
            drills?: string[];
        };
        BundleTargets: {
            version: string;
            kubernetes?: {
                service: string;
                namespace?: string;
                port?: number;
                host?: string;
                subset?: string;
            };
            mlflow?: {
                name: string;
                version: string;
            };
            table?: {
                /** @enum {string} */
                format: "delta";
                name: string;
                version: number;
            } | {
                /** @enum {string} */
                format: "iceberg";
                name: string;
                snapshotId: string;
            };
        };
        WorkflowReadiness: {
            ready: boolean;
            /** @description why the release may not start; empty when ready */
            blockers: string[];
            warnings: string[];
            checks: components["schemas"]["HealthCheck"][];
            signals: components["schemas"]["SignalSourceHealth"][];
            plan: components["schemas"]["RollbackPlan"] | null;
            /** @description the workflow's rollback drills (absent when not wired) */
            drills?: {
                /** @description a drill must pass at least this often */
                every: string;
                lastPassed: {
                    id: string;
                    at: string;
                    level: number;
                } | null;
                due: boolean;
                /** @description the Workflow declares `drills:`, so stale drills and R2.4 block */
                enforced: boolean;
                command: string;
            };
            workflow: string;
            environment: string;
            /** @description the active release the answer is about; null when there is none */
            release: {
                id: string;
                name: string;
                status: components["schemas"]["ReleaseStatus"];
            } | null;
            /** @description without an active release: production's rollback path; null with one */
            rollback: {
                /** @description the bundle the production label points at */
                production: string | null;
                /** @description the bundle a rollback would return to */
                target: string | null;
                /** @enum {string|null} */
                targetFrom: "previous-label" | "label-history" | null;
                levels: {
                    /** @enum {string} */
                    level: "flags" | "level1" | "level2" | "level3" | "level4";
                    /** @enum {string} */
                    status: "available" | "refused" | "escalated" | "no-op";
                    reason: string | null;
                    estimate: components["schemas"]["TimeEstimate"];
                    steps: string[];
                }[];
                estimate: components["schemas"]["TimeEstimate"] | null;
                /** @description the command that rolls production back to `target` */
                command: string | null;
            } | null;
        };
        /** @enum {string} */
        ReleaseStatus: "pending" | "running" | "paused" | "rolling-back" | "rolled-back" | "promoted" | "aborted";
        StartAnswer: {
            /** @description false: readiness blocked it (see readiness.blockers) */
            started: boolean;
            readiness: components["schemas"]["Readiness"];
            release: components["schemas"]["Release"];
        };
        OfflineEvidenceAnswer: {
            id: string;
            workflow: string;
            environment: string;
            name: string;
            /** @description the current plan stage's index; -1 before the release starts */
            stage: number;
            spec: components["schemas"]["ReleaseSpec"];
            contentHash: string;
            /** @description reference distributions declared for driftFromReference gates, by series */
            references: {
                [key: string]: {
                    edges: number[];
                    proportions: number[];
                };
            };
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            finishedAt: string | null;
        } & components["schemas"]["ReleaseState"] & {
            offline: {
                /** @enum {string} */
                verdict: "passed" | "incomplete" | "failed";
                reason: string;
                required: {
                    tasks: number;
                    dataset: string;
                    passRate: number;
                    source: string;
                    passed: number;
                };
            };
        };
        RollbackOutcome: {
            /**
             * @description `joined`: a run for this release was already going; its id is `runId`
             * @enum {string}
             */
            status: "executed" | "joined" | "awaiting-approval" | "refused" | "no-op";
            /** @description the run that executed (or is executing) the plan; absent when none ran */
            runId?: string;
            /**
             * @description `running` while a level 3/4 job waits; `failed` when a step failed (the release is paused)
             * @enum {string}
             */
            runStatus?: "running" | "succeeded" | "failed";
            releaseStatus: components["schemas"]["ReleaseStatus"];
            plan: components["schemas"]["RollbackPlan"];
            authority: {
                /** @enum {string} */
                outcome: "allowed";
                actor: string;
                roles: ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall")[];
                approvedBy: {
                    subject: string;
                    /** @enum {string} */
                    requirement: "on-call" | "flags" | "reduce-automation" | "dataEngineeringLead" | "mlEngineeringLead";
                }[];
                notify: {
                    /** @enum {string} */
                    role: "teamLead";
                    principals: string[];
                    /** Format: date-time */
                    acknowledgeBy: string;
                    reason: string;
                }[];
                reason: string;
            } | {
                /** @enum {string} */
                outcome: "needs-approvals";
                actor: string;
                required: {
                    /** @enum {string} */
                    requirement: "on-call" | "flags" | "reduce-automation" | "dataEngineeringLead" | "mlEngineeringLead";
                    roles: ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall")[];
                    /** @description the handles that may fill it (from the workflow's owners) */
                    principals: string[];
                }[];
                remaining: {
                    /** @enum {string} */
                    requirement: "on-call" | "flags" | "reduce-automation" | "dataEngineeringLead" | "mlEngineeringLead";
                    roles: ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall")[];
                    /** @description the handles that may fill it (from the workflow's owners) */
                    principals: string[];
                }[];
                approvedBy: {
                    subject: string;
                    /** @enum {string} */
                    requirement: "on-call" | "flags" | "reduce-automation" | "dataEngineeringLead" | "mlEngineeringLead";
                }[];
                ignored: {
                    subject: string;
                    reason: string;
                }[];
                reason: string;
            } | {
                /** @enum {string} */
                outcome: "refused";
                actor: string;
                reason: string;
            } | null;
            /** @description the steps that ran, in order */
            executed: string[];
            summary: string;
        };
        ApprovalAnswer: components["schemas"]["RefusedByApprover"] | components["schemas"]["RollbackOutcome"];
        RefusedByApprover: {
            /** @enum {string} */
            status: "refused-by-approver";
            summary: string;
        };
        ReferencesAnswer: {
            /** @description the release's name */
            release: string;
            /** @description the series that have a reference distribution now */
            declared: string[];
            missing: string[];
        };
        Incident: {
            id: string;
            releaseId: string;
            /** @description the rollback run the incident records */
            runId: string;
            /** @enum {string} */
            status: "verifying" | "verified" | "escalated" | "closed";
            /** @description the measured times, each present once it happened */
            times: {
                /**
                 * Format: date-time
                 * @description the candidate's first exposure to production traffic
                 */
                exposedAt?: string;
                /**
                 * Format: date-time
                 * @description the first breach or the rollback request
                 */
                detectedAt?: string;
                /** Format: date-time */
                decidedAt?: string;
                /**
                 * Format: date-time
                 * @description the rollback run finished: the control serves
                 */
                restoredAt?: string;
                /** Format: date-time */
                verifiedAt?: string;
                /** Format: date-time */
                verifyUntil?: string;
                /** Format: date-time */
                closedAt?: string;
            };
            /** @description requests and distinct keys the candidate served before the restore */
            blastRadius: {
                requests: number;
                distinctKeys: number;
                /** Format: date-time */
                firstAt?: string;
                /** Format: date-time */
                lastAt?: string;
            } | null;
            verification: {
                checks: components["schemas"]["HealthCheck"][];
                configServesControl: boolean;
                /** @description the gates that fired, read on the restored route (R7.2); null when none could be read */
                gates?: {
                    gate: string;
                    /** @enum {string} */
                    state: "passing" | "breached" | "inconclusive";
                    sentence: string;
                    samples: number | null;
                    /** @description samples the gate needs for a verdict */
                    needed?: number | null;
                    /**
                     * @description where the gate's data comes from: ripcord's events, a Prometheus/Datadog query, alerts
                     * @enum {string}
                     */
                    source?: "events" | "query" | "alert";
                }[] | null;
                failures: string[];
                escalation?: string;
                /** @description the window extended because fired gates lacked samples or waited for a signal (bounded) */
                extension?: {
                    /** Format: date-time */
                    until: string;
                    /** Format: date-time */
                    bound: string;
                    reason: string;
                };
            } | null;
            review: {
                rootCause: string;
                remediation: string;
                prevention: string;
                /**
                 * @description the root cause category; absent in reviews without one
                 * @enum {string}
                 */
                cause?: "model" | "prompt" | "retrieval" | "tools" | "output-schema" | "feature-pipeline" | "data" | "provider" | "infrastructure" | "configuration" | "evaluation-gap" | "other";
                by: string;
                /** Format: date-time */
                at: string;
            } | null;
            /** Format: date-time */
            openedAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        IncidentShown: {
            incident: components["schemas"]["Incident"];
            release: {
                id: string;
                workflow: string;
                environment: string;
                name: string;
                control: string;
                candidate: string;
            };
            timeline: {
                /** Format: date-time */
                at: string;
                kind: string;
                actor: string;
                summary: string;
            }[];
            metrics: {
                mttdMs: number | null;
                mttrMs: number | null;
                /** @description the first rollback run succeeded */
                firstTry: boolean;
                level: string;
            };
            /** @description the decision that asked for the rollback, with the evidence its gates kept (frozen with it) */
            evidence: {
                decision: string;
                /** Format: date-time */
                at: string;
                kind: string;
                reasoning: string;
                gates: {
                    gate: string;
                    state: string;
                    sentence: string | null;
                    /** @description count gates: the counted samples' ids */
                    sampleIds: string[];
                    unmatched: number;
                    kept: {
                        candidate: components["schemas"]["KeptSample"][];
                        control: components["schemas"]["KeptSample"][];
                        counted: {
                            candidate: number;
                            control: number;
                        };
                    } | null;
                }[];
            } | null;
        };
        IncidentCustomerMessage: {
            incident: string;
            workflow: string;
            environment: string;
            suggestion: {
                /** @description whether the bad version served requests (null: not measured) */
                usersAffected: boolean | null;
                why: string;
                /** @description the R7.4 templates the rollback calls for, filled */
                templates: {
                    /** @enum {string} */
                    id: "feature-unavailable" | "review-mode" | "regeneration-disabled" | "known-issue" | "corrected-output";
                    title: string;
                    body: string;
                    text: string;
                    audience: {
                        workflow: string;
                        environment: string | null;
                        segments: string[] | "everyone";
                    };
                    since: string | null;
                    until: string | null;
                    userActionRequired: boolean;
                    /** @description why this template applies (for the support owner, not the customer) */
                    reason: string;
                }[];
                /** @description plain words to start from; null when no customer needs a message */
                draft: string | null;
            };
            /** @description the newest recorded version */
            current: {
                version: number;
                template: string | null;
                text: string;
                /** @enum {string} */
                state: "draft" | "sent";
                by: string;
                reason: string;
                at: string;
            } | null;
            /** @description every recorded version, oldest first */
            history: {
                version: number;
                template: string | null;
                text: string;
                /** @enum {string} */
                state: "draft" | "sent";
                by: string;
                reason: string;
                at: string;
            }[];
        };
        RollbackRun: {
            id: string;
            releaseId: string;
            /** @enum {string} */
            status: "running" | "succeeded" | "failed";
            /**
             * @description the plan's level (the authority it needed)
             * @enum {string}
             */
            level: "flags" | "level1" | "level2" | "level3" | "level4";
            actor: string;
            reason: string;
            steps: components["schemas"]["RollbackRunStep"][];
            plan: components["schemas"]["RollbackPlan"];
            /** @description The actuator declarations the run uses, frozen when it was created; null for a run stored before they were (it reads the current workflow) */
            actuators: {
                [key: string]: {
                    /** @enum {string} */
                    kind?: "webhook";
                    url: string;
                    secretEnv?: string;
                    timeout?: string;
                    attempts?: number;
                    deadline?: string;
                } | {
                    /** @enum {string} */
                    kind: "gateway-api";
                    server: string;
                    tokenEnv: string;
                    namespace: string;
                    name: string;
                    timeout?: string;
                    attempts?: number;
                } | {
                    /** @enum {string} */
                    kind: "istio";
                    server: string;
                    tokenEnv: string;
                    namespace: string;
                    name: string;
                    timeout?: string;
                    attempts?: number;
                } | {
                    /** @enum {string} */
                    kind: "kserve";
                    server: string;
                    tokenEnv: string;
                    namespace: string;
                    name: string;
                    timeout?: string;
                    attempts?: number;
                } | {
                    /** @enum {string} */
                    kind: "mlflow";
                    url: string;
                    alias: string;
                    tokenEnv?: string;
                    /** @enum {string} */
                    auth?: "bearer" | "basic";
                    timeout?: string;
                    attempts?: number;
                } | {
                    /** @enum {string} */
                    kind: "table-restore";
                    url: string;
                    warehouseId: string;
                    tokenEnv: string;
                    timeout?: string;
                    attempts?: number;
                    deadline?: string;
                };
            } | null;
            createdAt: string;
            updatedAt: string;
            finishedAt: string | null;
        };
        RollbackRunStep: {
            index: number;
            /** @enum {string} */
            kind: "pause" | "set-flag" | "traffic" | "restore" | "job";
            text: string;
            /** @description the step's idempotency key */
            key: string;
            /** @enum {string} */
            status: "pending" | "started" | "waiting" | "done" | "failed";
            startedAt?: string;
            finishedAt?: string;
            result?: string;
            error?: string;
            calls?: {
                [key: string]: string;
            };
            job?: components["schemas"]["RollbackJob"];
        };
        RollbackJob: {
            /** @enum {string} */
            status: "dispatched" | "manual" | "running" | "succeeded" | "failed";
            progress: number;
            message?: string;
            actuator: string | null;
            dispatchedAt: string;
            deadlineAt: string;
            updatedAt: string;
            reportedBy?: string;
            /** @description A built-in kind's job, e.g. the SQL statement id it polls */
            handle?: string;
        };
        RollbackDryRun: {
            plan: components["schemas"]["RollbackPlan"];
            actuations: components["schemas"]["RollbackActuation"][];
        };
        RollbackActuation: {
            /** @description The step's index in the plan */
            step: number;
            /** @description The component or job kind the actuator is declared for */
            actuator: string;
            kind: string;
            /** @description The exact calls a rollback would make, in order */
            calls: {
                /** @enum {string} */
                method: "GET" | "POST" | "PATCH";
                url: string;
                /** @description The credential appears as its variable name, never its value */
                headers: {
                    [key: string]: string;
                };
                /** @description the request body exactly as it would be sent (the target's own JSON) */
                body?: unknown;
                /** @enum {string} */
                purpose: "read" | "apply" | "read-back" | "check" | "poll";
            }[];
            effect: string;
            /** @description Why the calls could not be made as shown */
            problem?: string;
        };
        OperationResult: {
            /** @enum {string} */
            operation: "restore-route" | "disable-tools" | "human-review";
            workflow: string;
            environment: string;
            summary: string;
            /** @description the configuration revision a flag operation produced */
            revision?: number;
            rollback?: components["schemas"]["RollbackOutcome"];
        };
        Drill: {
            id: string;
            workflow: string;
            environment: string;
            level: number;
            /** @enum {string} */
            status: "running" | "passed" | "failed";
            /** @enum {string} */
            trigger: "manual" | "schedule" | "post-deploy";
            /** @description who ran it (`ripcord` for the scheduler) */
            actor: string;
            reason: string;
            /** @description the rollback run the executor made for it */
            runId: string | null;
            /** @description the only segment the drill moved */
            segment: string;
            production: string | null;
            /** @description the bundle the drill segment was rolled back to */
            target: string | null;
            steps: {
                /** @enum {string} */
                phase: "rollback" | "verify" | "restore" | "verify-restore";
                text: string;
                /** @enum {string} */
                status: "done" | "failed" | "skipped";
                startedAt: string;
                finishedAt: string;
                ms: number;
                result?: string;
            }[];
            /** @description the rollback's duration (what readiness estimates use) */
            rollbackMs: number | null;
            verification: components["schemas"]["DrillCheck"] | null;
            restoreVerification: components["schemas"]["DrillCheck"] | null;
            failure: string | null;
            /** @description a post-deployment rollback test: the promoted release it tested */
            release: {
                id: string;
                name: string;
            } | null;
            startedAt: string;
            finishedAt: string | null;
        };
        DrillCheck: {
            ok: boolean;
            checks: {
                what: string;
                ok: boolean;
                detail: string;
            }[];
            failures: string[];
        };
        ChaosRun: {
            id: string;
            workflow: string;
            environment: string;
            /** @enum {string} */
            fault: "bad-model" | "corrupted-features" | "provider-outage" | "latency-spike" | "cost-spike";
            /** @enum {string} */
            status: "running" | "passed" | "failed";
            /** @description who ran it */
            actor: string;
            reason: string;
            /** @description the rollback run the executor made for it */
            runId: string | null;
            /** @description the only segment the run moved */
            segment: string;
            /** @description the release ticket whose candidate, gates, rollback and authority it used */
            ticket: string;
            control: string;
            candidate: string;
            /** @description the drill release (`chaos-<hex>`) the split and the events carry */
            release: string;
            traffic: {
                requests: number;
                candidate: number;
                control: number;
                budget: number;
            };
            /** @description what the gates decided; null when nothing caught the fault within the budget */
            decision: {
                kind: string;
                gates: string[];
                reasoning: string;
                at: string;
            } | null;
            gates: {
                gate: string;
                state: string;
                sentence: string | null;
            }[];
            rollback: {
                level: string | null;
                plan: string;
                authority: string;
                automatic: boolean;
            } | null;
            steps: {
                /** @enum {string} */
                phase: "rollback" | "verify" | "restore" | "verify-restore";
                text: string;
                /** @enum {string} */
                status: "done" | "failed" | "skipped";
                startedAt: string;
                finishedAt: string;
                ms: number;
                result?: string;
            }[];
            /** @description first synthetic request → decision */
            detect: {
                /** @description wall-clock milliseconds; null when it did not happen */
                ms: number | null;
                /** @description the R8.2 target (MTTD 30 min; MTTR level 1 5 min, level 2 15 min) */
                targetMs: number | null;
                met: boolean;
            };
            /** @description decision → verified restore */
            restore: {
                /** @description wall-clock milliseconds; null when it did not happen */
                ms: number | null;
                /** @description the R8.2 target (MTTD 30 min; MTTR level 1 5 min, level 2 15 min) */
                targetMs: number | null;
                met: boolean;
            };
            verification: components["schemas"]["DrillCheck"] | null;
            restoreVerification: components["schemas"]["DrillCheck"] | null;
            /** @description every check that failed; empty when it passed */
            failures: string[];
            startedAt: string;
            finishedAt: string | null;
        };
        EffectivenessReport: {
            since: string;
            until: string;
            workflow: string | null;
            overall: components["schemas"]["EffectivenessSection"];
            workflows: components["schemas"]["EffectivenessSection"][];
        };
        EffectivenessSection: {
            /** @description null: every workflow together */
            workflow: string | null;
            incidents: number;
            rollbacks: {
                count: number;
                perWeek: number;
                /** @description level → rollbacks */
                byLevel: {
                    [key: string]: number;
                };
            };
            /** @description first exposure → detection; target 30 min */
            mttd: {
                count: number;
                p50Seconds: number | null;
                p90Seconds: number | null;
                targetSeconds: number | null;
                /** @description p90 within the target; null without data or target */
                met: boolean | null;
            };
            /** @description decision → verified restore, per level; targets L1 5 min, L2 15 min */
            mttr: {
                level: string;
                count: number;
                p50Seconds: number | null;
                p90Seconds: number | null;
                targetSeconds: number | null;
                /** @description p90 within the target; null without data or target */
                met: boolean | null;
            }[];
            firstTry: {
                successes: number;
                finished: number;
                rate: number | null;
                target: number;
                met: boolean | null;
            };
            blastRadius: {
                requests: number;
                distinctKeys: number;
                largestRequests: number;
            };
            drills: {
                expected: number;
                passed: number;
                failed: number;
                rate: number | null;
                target: number;
                met: boolean | null;
            };
            rootCauses: {
                cause: string;
                count: number;
            }[];
            /** @description incidents without a post-incident review */
            unreviewed: number;
        };
        Runbook: {
            workflow: string;
            environment: string;
            criticality: string;
            /** @description the release ticket it is generated from */
            release: {
                id: string;
                name: string;
                status: string;
                control: string;
                candidate: string;
            } | null;
            /** @description changes exactly when the Workflow's or the ticket's content changes */
            version: string;
            generatedAt: string;
            owners: {
                role: string;
                principals: string[];
            }[];
            matrix: {
                trigger: string;
                metric: string;
                /** @description the gate's condition with its real threshold */
                condition: string;
                severity: string;
                /** @enum {string} */
                decision: "roll back now" | "investigate";
                level: string;
                firstAction: string;
                steps: string[];
                /** @description ripcord automatically, or the approvals it needs */
                approval: string;
                verification: string;
                customerMessage: {
                    id: string;
                    title: string;
                } | null;
            }[];
            otherwise: string[];
            procedure: {
                level: string;
                /** @enum {string} */
                status: "planned" | "escalated" | "refused" | "no-op";
                estimate: string;
                steps: string[];
                commands: string[];
                note: string | null;
            }[];
            recovery: string[];
            communication: string[];
            /** @description the runbook as Markdown or HTML when `format` asks for it */
            rendered: string | null;
        };
        BatchOutput: {
            id: string;
            workflow: string;
            /** @description the bundle version that produced it */
            bundleVersion: string;
            /** @description a re-run with the same key supersedes this output */
            batchKey: string;
            batchId: string;
            inputHash: string;
            location: string;
            outputHash: string;
            items: {
                ids?: string[];
                count?: number;
            };
            /** @enum {string} */
            status: "valid" | "superseded" | "invalidated";
            supersededBy: string | null;
            invalidation: {
                by: string;
                at: string;
                reason: string;
                incident: string | null;
            } | null;
            registeredBy: string;
            startedAt: string;
            finishedAt: string;
            createdAt: string;
        };
        IngestResult: {
            accepted: number;
            rejected: {
                index: number;
                /** @enum {string} */
                code: "malformed_json" | "invalid_event" | "out_of_scope" | "future_timestamp";
                message: string;
            }[];
            duplicates: number;
            unattributed: number;
        };
        ReleaseGates: {
            release: {
                id: string;
                workflow: string;
                environment: string;
                name: string;
                status: components["schemas"]["ReleaseStatus"];
            };
            /** @description true while the session is live (running); false: read back from its last persisted state */
            live: boolean;
            /** Format: date-time */
            evaluatedAt: string;
            /** @description the release's false-rollback budget */
            alpha: number;
            counts: {
                passing: number;
                breached: number;
                inconclusive: number;
            };
            applied: {
                events: number;
                ignored: number;
            };
            gates: components["schemas"]["GateEvaluation"][];
        };
        GateEvaluation: {
            gate: string;
            /** @enum {string} */
            metric: "error_rate" | "latency_p95" | "latency_p99" | "schema_failure_rate" | "cost_per_successful_task" | "review_rejection_rate" | "safety_block_rate" | "confirmed_complaints" | "health_check" | "oom_crashes" | "primary_metric" | "conversion_rate" | "prediction_error_mape" | "missing_feature_rate" | "prediction_distribution" | "feature_distribution" | "tool_call_rate" | "tool_write_rate" | "unsafe_tool_call_rate";
            /**
             * @description the final state (after `sustained:` and any manual override)
             * @enum {string}
             */
            state: "passing" | "breached" | "inconclusive";
            /**
             * @description the state the data gives, before a manual override
             * @enum {string}
             */
            computedState: "passing" | "breached" | "inconclusive";
            /** @description the observed value; null when not finite */
            statistic: number | null;
            /** @description the value it is compared with; null when not finite */
            threshold: number | null;
            /** @description the control's value, for comparisons with the control; null when not finite */
            control: number | null;
            samples: {
                candidate: number;
                control: number | null;
            };
            window: string;
            /** @description the evaluation in one plain sentence */
            sentence: string;
            /** @enum {string} */
            severity: "immediate" | "rapid" | "delayed";
            /** @enum {string|null} */
            criticality: "business-critical" | "experimental" | null;
            /** @description the gate's own action; null: the release's firstRollback */
            action: {
                restore?: string[];
                set?: {
                    [key: string]: string | number | boolean | string[];
                };
                /** @enum {string} */
                scope?: "all" | "affected-segments";
                /** @enum {boolean} */
                pause?: true;
                rollout?: "previous-stage" | 0;
                level?: 1 | 2 | 3 | 4;
                /** @enum {string} */
                then?: "firstRollback";
            } | null;
            test: {
                /** @enum {string} */
                mode: "literal" | "sequential" | "both";
                /** @enum {string} */
                literal: "passing" | "breached" | "inconclusive";
                sequential: components["schemas"]["SequentialReading"] | null;
            };
            sustained: {
                requiredMs: number;
                /** Format: date-time */
                holdingSince: string | null;
                heldMs: number;
            } | null;
            override: components["schemas"]["GateOverride"] | null;
            /** @description why the state is what it is, when the numbers alone do not say it */
            reason: string | null;
            /** @description count gates: the last counted sample ids (at most 10) and unmatched complaints */
            evidence: {
                samples: string[];
                unmatched: number;
            } | null;
            /** @description measured gates: the latest events per arm that counted against it, with the evidence fields the ticket names */
            kept?: {
                candidate: components["schemas"]["KeptSample"][];
                control: components["schemas"]["KeptSample"][];
                counted: {
                    candidate: number;
                    control: number;
                };
            } | null;
            /** @description absolute gates: control read against the same words over the matching window */
            controlArm?: {
                value: number;
                samples: number;
                breached: boolean;
            } | null;
            /** @description error_rate gates: the error kinds each arm reported since the release started */
            errorKinds?: {
                candidate: {
                    [key: string]: number;
                };
                control: {
                    [key: string]: number;
                };
            } | null;
            /** Format: date-time */
            evaluatedAt: string;
        };
        SequentialReading: {
            /** @enum {string} */
            verdict: "passing" | "breached" | "inconclusive";
            /** @enum {string} */
            method: "bernoulli-mixture" | "event-share" | "betting" | "normal-mixture";
            /** @description log of the e-value; null when not finite */
            logE: number | null;
            /** @description the e-value, exp(logE); null when not finite */
            eValue: number | null;
            /** @description this gate's share of the release's α */
            alpha: number;
            /** @description the e-value that breaches: 1/α; null when not finite */
            needed: number | null;
            samples: {
                candidate: number;
                control: number | null;
            };
            reason: string | null;
            /**
             * Format: date-time
             * @description when the reported test restarted as the words began to hold
             */
            since: string | null;
        };
        GateOverride: {
            /** @enum {string} */
            force: "breached" | "passing";
            actor: string;
            reason: string;
            /** Format: date-time */
            at: string;
        };
        RollbackAuthorityCheck: {
            plan: components["schemas"]["RollbackPlan"];
            authority: components["schemas"]["AuthorityDecision"];
            /** @description the approvals this rollback needs when ripcord itself asks for it (what a waiting rollback waits for) */
            approvers: {
                requirement: string;
                roles: string[];
                principals: string[];
            }[];
        };
        AuthorityDecision: {
            /** @enum {string} */
            outcome: "allowed";
            actor: string;
            roles: ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall")[];
            approvedBy: {
                subject: string;
                /** @enum {string} */
                requirement: "on-call" | "flags" | "reduce-automation" | "dataEngineeringLead" | "mlEngineeringLead";
            }[];
            notify: {
                /** @enum {string} */
                role: "teamLead";
                principals: string[];
                /** Format: date-time */
                acknowledgeBy: string;
                reason: string;
            }[];
            reason: string;
        } | {
            /** @enum {string} */
            outcome: "needs-approvals";
            actor: string;
            required: {
                /** @enum {string} */
                requirement: "on-call" | "flags" | "reduce-automation" | "dataEngineeringLead" | "mlEngineeringLead";
                roles: ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall")[];
                /** @description the handles that may fill it (from the workflow's owners) */
                principals: string[];
            }[];
            remaining: {
                /** @enum {string} */
                requirement: "on-call" | "flags" | "reduce-automation" | "dataEngineeringLead" | "mlEngineeringLead";
                roles: ("engineering" | "platform" | "product" | "risk" | "support" | "incidentCommander" | "teamLead" | "dataEngineeringLead" | "mlEngineeringLead" | "onCall")[];
                /** @description the handles that may fill it (from the workflow's owners) */
                principals: string[];
            }[];
            approvedBy: {
                subject: string;
                /** @enum {string} */
                requirement: "on-call" | "flags" | "reduce-automation" | "dataEngineeringLead" | "mlEngineeringLead";
            }[];
            ignored: {
                subject: string;
                reason: string;
            }[];
            reason: string;
        } | {
            /** @enum {string} */
            outcome: "refused";
            actor: string;
            reason: string;
        };
        GateHistory: {
            release: {
                id: string;
                workflow: string;
                environment: string;
                name: string;
            };
            /** @description ticks kept before older ones are thinned */
            capacity: number;
            /** @description times older ticks were halved */
            thinned: number;
            ticks: {
                at: string;
                gates: {
                    [key: string]: components["schemas"]["GateHistoryPoint"];
                };
            }[];
        };
        GateHistoryPoint: {
            /** @description passing, breached or inconclusive (as the gate engine says) */
            state: string;
            /** @description the candidate's value of the metric */
            statistic: number | null;
            /** @description control's value over the same window, when the gate reads it */
            control: number | null;
            /** @description the value at which the gate breaches */
            threshold: number | null;
            /** @description natural log of the sequential test's e-value */
            logE: number | null;
            /** @description natural log of 1/α: the e-value at which the sequential test breaches */
            logNeeded: number | null;
            /** @description candidate samples in the window */
            samples: number;
        };
        AlertsReceived: {
            alerts: {
                id: string;
                name: string;
                /** @enum {string} */
                status: "firing" | "resolved";
                /** @enum {string} */
                outcome: "matched" | "unmatched";
                matches: {
                    releaseId: string;
                    release: string;
                    gate: string;
                }[];
                reason: string | null;
            }[];
        };
        AlertmanagerWebhook: {
            /** @enum {string} */
            version: "4";
            groupKey: string;
            truncatedAlerts?: number;
            /** @enum {string} */
            status: "firing" | "resolved";
            receiver: string;
            groupLabels?: {
                [key: string]: string;
            };
            commonLabels?: {
                [key: string]: string;
            };
            commonAnnotations?: {
                [key: string]: string;
            };
            externalURL?: string;
            alerts: ({
                /** @enum {string} */
                status: "firing" | "resolved";
                labels: {
                    [key: string]: string;
                };
                annotations?: {
                    [key: string]: string;
                };
                startsAt: string;
                endsAt?: string;
                generatorURL?: string;
                fingerprint?: string;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        GenericAlertWebhook: {
            source: string;
            alerts: {
                name: string;
                /** @enum {string} */
                status: "firing" | "resolved";
                labels?: {
                    [key: string]: string;
                };
                severity?: string;
                startsAt?: string;
                endsAt?: string;
                fingerprint?: string;
                summary?: string;
                url?: string;
            }[];
        };
        AlertList: {
            alerts: components["schemas"]["Alert"][];
        };
        Alert: {
            id: string;
            source: string;
            fingerprint: string;
            name: string;
            /** @enum {string} */
            status: "firing" | "resolved";
            severity: string | null;
            labels: {
                [key: string]: string;
            };
            annotations: {
                [key: string]: string;
            };
            startsAt: string;
            endsAt: string | null;
            /** @enum {string} */
            outcome: "matched" | "unmatched";
            matches: {
                releaseId: string;
                release: string;
                gate: string;
            }[];
            reason: string | null;
            firstReceivedAt: string;
            lastReceivedAt: string;
            resolvedAt: string | null;
            deliveries: number;
        };
        OfrepEvaluationSuccess: {
            key: string;
            /** @description the flag's value, any JSON the flag's variants hold; absent: use your code default */
            value?: unknown;
            /** @description An OpenFeature reason: STATIC, DEFAULT, TARGETING_MATCH, SPLIT, DISABLED */
            reason: string;
            variant: string;
            metadata?: components["schemas"]["OfrepMetadata"];
        };
        OfrepMetadata: {
            [key: string]: string | number | boolean;
        };
        OfrepEvaluationFailure: {
            key: string;
            /** @enum {string} */
            errorCode: "PARSE_ERROR" | "TARGETING_KEY_MISSING" | "INVALID_CONTEXT" | "GENERAL" | "FLAG_NOT_FOUND";
            errorDetails?: string;
        };
        OfrepEvaluationRequest: {
            context?: components["schemas"]["OfrepContext"];
        };
        /** @description `targetingKey` is the sticky bucketing key; `workflow` and `environment` name what to evaluate when the token does not */
        OfrepContext: {
            targetingKey?: string;
        } & {
            [key: string]: unknown;
        };
        OfrepBulkEvaluationSuccess: {
            flags: (components["schemas"]["OfrepEvaluationSuccess"] | components["schemas"]["OfrepEvaluationFailure"])[];
            metadata?: components["schemas"]["OfrepMetadata"];
        };
        OfrepBulkEvaluationFailure: {
            /** @enum {string} */
            errorCode: "PARSE_ERROR" | "INVALID_CONTEXT" | "GENERAL";
            errorDetails?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type WorkflowRecord = components['schemas']['WorkflowRecord'];
export type ErrorBody = components['schemas']['ErrorBody'];
export type WorkflowApplied = components['schemas']['WorkflowApplied'];
export type BundleRecord = components['schemas']['BundleRecord'];
export type BundleRegistered = components['schemas']['BundleRegistered'];
export type BundleDiff = components['schemas']['BundleDiff'];
export type Label = components['schemas']['Label'];
export type LabelMove = components['schemas']['LabelMove'];
export type Whoami = components['schemas']['Whoami'];
export type Token = components['schemas']['Token'];
export type AuditEntry = components['schemas']['AuditEntry'];
export type WorkflowConfigState = components['schemas']['WorkflowConfigState'];
export type FlagDefinition = components['schemas']['FlagDefinition'];
export type JsonValue = components['schemas']['JsonValue'];
export type Segment = components['schemas']['Segment'];
export type TrafficSplit = components['schemas']['TrafficSplit'];
export type BundleFlags = components['schemas']['BundleFlags'];
export type ConfigRevision = components['schemas']['ConfigRevision'];
export type ConfigChange = components['schemas']['ConfigChange'];
export type ConfigSnapshot = components['schemas']['ConfigSnapshot'];
export type WorkflowConfig = components['schemas']['WorkflowConfig'];
export type Release = components['schemas']['Release'];
export type ReleaseSpec = components['schemas']['ReleaseSpec'];
export type ReleaseState = components['schemas']['ReleaseState'];
export type StageClock = components['schemas']['StageClock'];
export type TeamLeadNotice = components['schemas']['TeamLeadNotice'];
export type PendingRollback = components['schemas']['PendingRollback'];
export type ReleaseShown = components['schemas']['ReleaseShown'];
export type TimelineEntry = components['schemas']['TimelineEntry'];
export type ReleaseDecision = components['schemas']['ReleaseDecision'];
export type KeptSample = components['schemas']['KeptSample'];
export type OfflineJudgement = components['schemas']['OfflineJudgement'];
export type Readiness = components['schemas']['Readiness'];
export type HealthCheck = components['schemas']['HealthCheck'];
export type SignalSourceHealth = components['schemas']['SignalSourceHealth'];
export type RollbackPlan = components['schemas']['RollbackPlan'];
export type PlanStep = components['schemas']['PlanStep'];
export type CannotUndo = components['schemas']['CannotUndo'];
export type TimeEstimate = components['schemas']['TimeEstimate'];
export type BundleTargets = components['schemas']['BundleTargets'];
export type WorkflowReadiness = components['schemas']['WorkflowReadiness'];
export type ReleaseStatus = components['schemas']['ReleaseStatus'];
export type StartAnswer = components['schemas']['StartAnswer'];
export type OfflineEvidenceAnswer = components['schemas']['OfflineEvidenceAnswer'];
export type RollbackOutcome = components['schemas']['RollbackOutcome'];
export type ApprovalAnswer = components['schemas']['ApprovalAnswer'];
export type RefusedByApprover = components['schemas']['RefusedByApprover'];
export type ReferencesAnswer = components['schemas']['ReferencesAnswer'];
export type Incident = components['schemas']['Incident'];
export type IncidentShown = components['schemas']['IncidentShown'];
export type IncidentCustomerMessage = components['schemas']['IncidentCustomerMessage'];
export type RollbackRun = components['schemas']['RollbackRun'];
export type RollbackRunStep = components['schemas']['RollbackRunStep'];
export type RollbackJob = components['schemas']['RollbackJob'];
export type RollbackDryRun = components['schemas']['RollbackDryRun'];
export type RollbackActuation = components['schemas']['RollbackActuation'];
export type OperationResult = components['schemas']['OperationResult'];
export type Drill = components['schemas']['Drill'];
export type DrillCheck = components['schemas']['DrillCheck'];
export type ChaosRun = components['schemas']['ChaosRun'];
export type EffectivenessReport = components['schemas']['EffectivenessReport'];
export type EffectivenessSection = components['schemas']['EffectivenessSection'];
export type Runbook = components['schemas']['Runbook'];
export type BatchOutput = components['schemas']['BatchOutput'];
export type IngestResult = components['schemas']['IngestResult'];
export type ReleaseGates = components['schemas']['ReleaseGates'];
export type GateEvaluation = components['schemas']['GateEvaluation'];
export type SequentialReading = components['schemas']['SequentialReading'];
export type GateOverride = components['schemas']['GateOverride'];
export type RollbackAuthorityCheck = components['schemas']['RollbackAuthorityCheck'];
export type AuthorityDecision = components['schemas']['AuthorityDecision'];
export type GateHistory = components['schemas']['GateHistory'];
export type GateHistoryPoint = components['schemas']['GateHistoryPoint'];
export type AlertsReceived = components['schemas']['AlertsReceived'];
export type AlertmanagerWebhook = components['schemas']['AlertmanagerWebhook'];
export type GenericAlertWebhook = components['schemas']['GenericAlertWebhook'];
export type AlertList = components['schemas']['AlertList'];
export type Alert = components['schemas']['Alert'];
export type OfrepEvaluationSuccess = components['schemas']['OfrepEvaluationSuccess'];
export type OfrepMetadata = components['schemas']['OfrepMetadata'];
export type OfrepEvaluationFailure = components['schemas']['OfrepEvaluationFailure'];
export type OfrepEvaluationRequest = components['schemas']['OfrepEvaluationRequest'];
export type OfrepContext = components['schemas']['OfrepContext'];
export type OfrepBulkEvaluationSuccess = components['schemas']['OfrepBulkEvaluationSuccess'];
export type OfrepBulkEvaluationFailure = components['schemas']['OfrepBulkEvaluationFailure'];
export type $defs = Record<string, never>;
export interface operations {
    listWorkflows: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        workflows: components["schemas"]["WorkflowRecord"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    applyWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "Workflow";
                    name: string;
                    description?: string;
                    /** @enum {string} */
                    criticality?: "business-critical" | "standard" | "experimental";
                    /** @enum {string} */
                    type: "llm" | "realtime" | "batch";
                    sla?: {
                        latencyP99Ms?: number;
                        latencyP95Ms?: number;
                        latencyP50Ms?: number;
                        errorRate?: number;
                    };
                    owners?: {
                        engineering?: string | string[];
                        platform?: string | string[];
                        product?: string | string[];
                        risk?: string | string[];
                        support?: string | string[];
                        incidentCommander?: string | string[];
                        teamLead?: string | string[];
                        dataEngineeringLead?: string | string[];
                        mlEngineeringLead?: string | string[];
                        onCall?: string | string[];
                    };
                    actuators?: {
                        [key: string]: {
                            /** @enum {string} */
                            kind?: "webhook";
                            url: string;
                            secretEnv?: string;
                            timeout?: string;
                            attempts?: number;
                            deadline?: string;
                        } | {
                            /** @enum {string} */
                            kind: "gateway-api";
                            server: string;
                            tokenEnv: string;
                            namespace: string;
                            name: string;
                            timeout?: string;
                            attempts?: number;
                        } | {
                            /** @enum {string} */
                            kind: "istio";
                            server: string;
                            tokenEnv: string;
                            namespace: string;
                            name: string;
                            timeout?: string;
                            attempts?: number;
                        } | {
                            /** @enum {string} */
                            kind: "kserve";
                            server: string;
                            tokenEnv: string;
                            namespace: string;
                            name: string;
                            timeout?: string;
                            attempts?: number;
                        } | {
                            /** @enum {string} */
                            kind: "mlflow";
                            url: string;
                            alias: string;
                            tokenEnv?: string;
                            /** @enum {string} */
                            auth?: "bearer" | "basic";
                            timeout?: string;
                            attempts?: number;
                        } | {
                            /** @enum {string} */
                            kind: "table-restore";
                            url: string;
                            warehouseId: string;
                            tokenEnv: string;
                            timeout?: string;
                            attempts?: number;
                            deadline?: string;
                        };
                    };
                    drills?: {
                        every?: string;
                        segment?: string;
                        level?: 1 | 2;
                        automatic?: boolean;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowApplied"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listBundles: {
        parameters: {
            query?: {
                includeArchived?: "true" | "false";
            };
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bundles: components["schemas"]["BundleRecord"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    registerBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "Bundle";
                    workflow: string;
                    version: string;
                    description?: string;
                    components: {
                        modelRoute?: {
                            provider: string;
                            account?: string;
                            project?: string;
                            region?: string;
                            family?: string;
                            model?: string;
                            deployment?: string;
                            inferenceProfile?: string;
                            /** Format: uri */
                            healthCheck?: string;
                        };
                        model?: {
                            name: string;
                            version: string | number;
                            artifact?: string;
                            framework?: string;
                            /** Format: uri */
                            healthCheck?: string;
                            mlflow?: {
                                name?: string;
                                version: string;
                            };
                        };
                        prompt?: {
                            id: string;
                            commit: string;
                            system?: string;
                            developer?: string;
                            fewShotExamples?: number | unknown[];
                            temperature?: number;
                            topP?: number;
                            maxOutputTokens?: number;
                            stop?: string[];
                        };
                        retrieval?: {
                            indexBuild: string;
                            corpusCutoff?: string;
                            embeddingRoute?: string;
                            reranker?: string;
                            /** @description retrieval filters, as the team writes it (open) */
                            filters?: {
                                [key: string]: unknown;
                            };
                        };
                        tools?: {
                            schemaVersion: string | number;
                            /** @enum {string} */
                            mode: "optional" | "forced" | "disabled";
                            tools: {
                                name: string;
                                /** @enum {string} */
                                sideEffects: "none" | "read" | "write";
                                /** @description the tool's JSON schema, as the team writes it (open) */
                                schema?: {
                                    [key: string]: unknown;
                                };
                                validation?: string[];
                            }[];
                        };
                        outputSchema?: {
                            version: string | number;
                            parser?: string;
                            required?: string[];
                            validationRules?: string[];
                            /** @description the output JSON schema, as the team writes it (open) */
                            schema?: {
                                [key: string]: unknown;
                            };
                        };
                        featurePipeline?: {
                            version: string;
                            code?: string;
                            features?: string[];
                            /** Format: uri */
                            healthCheck?: string;
                        };
                        dataSnapshot?: {
                            ref: string;
                            takenAt?: string;
                            table?: {
                                /** @enum {string} */
                                format: "delta";
                                name: string;
                                version: number;
                            } | {
                                /** @enum {string} */
                                format: "iceberg";
                                name: string;
                                snapshotId: string;
                            };
                        };
                        serving?: {
                            replicas?: number;
                            image?: string;
                            /** @description serving resources, as the team writes it (open) */
                            resources?: {
                                [key: string]: unknown;
                            };
                            /** @description serving configuration, as the team writes it (open) */
                            config?: {
                                [key: string]: unknown;
                            };
                            /** Format: uri */
                            healthCheck?: string;
                            kubernetes?: {
                                service: string;
                                namespace?: string;
                                port?: number;
                                host?: string;
                                subset?: string;
                            };
                        };
                        evaluation?: {
                            datasetHash: string;
                            sampling?: string;
                            thresholds?: {
                                [key: string]: number;
                            };
                            rubric?: string;
                            failureExamples?: string[];
                        };
                        batch?: {
                            batchId?: string;
                            endpoint?: string;
                            inputFileHash?: string;
                            outputFileHash?: string;
                            customIdField?: string;
                        };
                    };
                    requires?: {
                        modelRoute?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        model?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        prompt?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        retrieval?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        tools?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        outputSchema?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        featurePipeline?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        dataSnapshot?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        serving?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        evaluation?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                        batch?: {
                            modelRoute?: string | number;
                            model?: string | number;
                            prompt?: string | number;
                            retrieval?: string | number;
                            tools?: string | number;
                            outputSchema?: string | number;
                            featurePipeline?: string | number;
                            dataSnapshot?: string | number;
                            serving?: string | number;
                            evaluation?: string | number;
                            batch?: string | number;
                        };
                    };
                    flags?: {
                        [key: string]: boolean | string | number | string[] | {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundleRegistered"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Different content under an existing version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundleRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundleRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Still retained */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getBundleRetention: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        retained: boolean;
                        reasons: {
                            /** @enum {string} */
                            kind: "label" | "hold";
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    archiveBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundleRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Still retained */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    unarchiveBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundleRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Still retained */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    diffBundles: {
        parameters: {
            query: {
                from: string;
                to: string;
            };
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundleDiff"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listLabels: {
        parameters: {
            query?: {
                environment?: string;
            };
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        labels: components["schemas"]["Label"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setLabel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                environment: string;
                label: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: string;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false when the label already pointed there */
                        moved: boolean;
                        label: components["schemas"]["Label"];
                        move: components["schemas"]["LabelMove"] | null;
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listLabelHistory: {
        parameters: {
            query?: {
                environment?: string;
                label?: string;
                limit?: number;
            };
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        history: components["schemas"]["LabelMove"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    applyDocuments: {
        parameters: {
            query?: {
                /** @description true: validate and apply in a transaction that is rolled back; the results say what would happen */
                dryRun?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    documents: ({
                        /** @description Workflow, Bundle or Release */
                        kind: string;
                    } & {
                        [key: string]: unknown;
                    })[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: {
                            index: number;
                            kind: string;
                            name: string;
                            /** @enum {string} */
                            outcome: "created" | "updated" | "unchanged";
                            id?: string;
                            /** @description warnings about the document */
                            message?: string;
                        }[];
                        /** @description true: nothing was stored (a client asking for a dry run checks it) */
                        dryRun: boolean;
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with stored content */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getWhoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Whoami"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listTokens: {
        parameters: {
            query?: {
                includeRevoked?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: components["schemas"]["Token"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    subject: string;
                    /** @enum {string} */
                    role: "admin" | "operator" | "viewer" | "sdk" | "alerts" | "jobs";
                    scope?: {
                        workflows?: string[];
                        environment?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the secret: shown this once */
                        token: string;
                        record: components["schemas"]["Token"];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                since?: string;
                afterSeq?: number | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: components["schemas"]["AuditEntry"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    verifyAuditChain: {
        parameters: {
            query?: {
                /** @description with anchorHash: an external copy of an earlier answer (entries, headHash) */
                anchorSeq?: number;
                anchorHash?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ok: boolean;
                        entries: number;
                        headHash: string;
                        firstBad?: {
                            seq: number;
                            /** @enum {string} */
                            problem: "edited" | "inserted-or-deleted" | "broken-link" | "deleted-at-tail" | "anchor-mismatch";
                        };
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getWorkflowConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                environment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        revision: number;
                        config: components["schemas"]["WorkflowConfigState"];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listConfigRevisions: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                workflow: string;
                environment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        revisions: components["schemas"]["ConfigRevision"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setFlag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                environment: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    definition?: components["schemas"]["FlagDefinition"];
                    value?: components["schemas"]["JsonValue"];
                    segment?: string;
                    /** @enum {string} */
                    type?: "boolean" | "string" | "number" | "string_list" | "json";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The revision the change produced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigRevision"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current configuration */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteFlag: {
        parameters: {
            query: {
                reason: string;
            };
            header?: never;
            path: {
                workflow: string;
                environment: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revision the change produced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigRevision"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current configuration */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setSegment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                environment: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    conditions: {
                        attribute: string;
                        /** @enum {string} */
                        op: "eq" | "neq" | "in" | "not_in" | "starts_with" | "ends_with" | "contains" | "gt" | "gte" | "lt" | "lte";
                        value: string | number | boolean | (string | number | boolean)[];
                    }[];
                    description?: string;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The revision the change produced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigRevision"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current configuration */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteSegment: {
        parameters: {
            query: {
                reason: string;
            };
            header?: never;
            path: {
                workflow: string;
                environment: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revision the change produced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigRevision"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current configuration */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setSplit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                environment: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    release: string;
                    candidate: string;
                    percent: number;
                    eligibleSegment?: string;
                    segmentPercents?: {
                        segment: string;
                        percent: number;
                    }[];
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The revision the change produced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigRevision"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current configuration */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    clearSplit: {
        parameters: {
            query: {
                reason: string;
            };
            header?: never;
            path: {
                workflow: string;
                environment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revision the change produced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigRevision"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current configuration */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getSdkConfig: {
        parameters: {
            query: {
                environment: string;
                workflows?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The configuration snapshot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigSnapshot"];
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    streamSdkConfig: {
        parameters: {
            query: {
                environment: string;
                workflows?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server-Sent Events: `snapshot` on connect, then `revision` for each new revision; the data of each is a ConfigSnapshot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listReleases: {
        parameters: {
            query?: {
                workflow?: string;
                active?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        releases: components["schemas"]["Release"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReleaseShown"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getReleaseReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getWorkflowReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                environment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowReadiness"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    startRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartAnswer"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the release’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    pauseRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The release after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the release’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    resumeRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The release after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the release’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    abortRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The release after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the release’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    promoteRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The release after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the release’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    recordOfflineEvidence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    tasks: number;
                    passed: number;
                    dataset?: string;
                    notes?: string;
                };
            };
        };
        responses: {
            /** @description The release after the evidence, with the verdict */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfflineEvidenceAnswer"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the release’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    acknowledgeRollback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The release after the acknowledgement */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the release’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    planRollback: {
        parameters: {
            query?: {
                level?: "1" | "2" | "3" | "4";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackPlan"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    rollBackRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                    level?: number;
                    /** @description incident commander only: the steps to run instead */
                    override?: {
                        restore?: string[];
                        set?: {
                            [key: string]: string | number | boolean | string[];
                        };
                        /** @enum {string} */
                        scope?: "all" | "affected-segments";
                        /** @enum {boolean} */
                        pause?: true;
                        rollout?: "previous-stage" | 0;
                        level?: 1 | 2 | 3 | 4;
                        /** @enum {string} */
                        then?: "firstRollback";
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackOutcome"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the release’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    answerApproval: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    verdict: "grant" | "refuse";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalAnswer"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the release’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    declareReferences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    distributions: {
                        [key: string]: {
                            edges: number[];
                            proportions: number[];
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Declared; `missing` lists the series its gates compare that still have none */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferencesAnswer"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The release has started */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listIncidents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        incidents: components["schemas"]["Incident"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentShown"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reviewIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    rootCause: string;
                    remediation: string;
                    prevention: string;
                    /**
                     * @description the root cause category (a closed set; the report counts them); rootCause is the free text
                     * @enum {string}
                     */
                    cause?: "model" | "prompt" | "retrieval" | "tools" | "output-schema" | "feature-pipeline" | "data" | "provider" | "infrastructure" | "configuration" | "evaluation-gap" | "other";
                };
            };
        };
        responses: {
            /** @description The closed incident */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Incident"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Still verifying */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getIncidentCustomerMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentCustomerMessage"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    recordIncidentCustomerMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                    /** @enum {string} */
                    state: "draft" | "sent";
                    /**
                     * @description the R7.4 template it started from
                     * @enum {string}
                     */
                    template?: "feature-unavailable" | "review-mode" | "regeneration-disabled" | "known-issue" | "corrected-output";
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentCustomerMessage"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Another version was recorded at the same moment */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listRollbackRuns: {
        parameters: {
            query: {
                release: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runs: components["schemas"]["RollbackRun"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    rollbackDryRun: {
        parameters: {
            query: {
                release: string;
                level?: "1" | "2" | "3" | "4";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackDryRun"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getRollbackRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        run: components["schemas"]["RollbackRun"];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reportRollbackJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
                step: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "running" | "succeeded" | "failed";
                    /** @description 0..1 */
                    progress?: number;
                    message?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        run: components["schemas"]["RollbackRun"];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not possible in the run’s current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    runOperation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                environment: string;
                operation: "restore-route" | "disable-tools" | "human-review";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperationResult"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Nothing to restore */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    runDrill: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                environment: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    level?: 1 | 2 | 3 | 4;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Drill"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The drill cannot run now (a release in progress, no drill segment, nothing to roll back to) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listDrills: {
        parameters: {
            query?: {
                workflow?: string;
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        drills: components["schemas"]["Drill"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getDrill: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Drill"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    runChaos: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                environment: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    fault: "bad-model" | "corrupted-features" | "provider-outage" | "latency-spike" | "cost-spike";
                    reason?: string;
                    /** @description the release ticket to use (default: the newest from production) */
                    ticket?: string;
                    /** @description synthetic requests at most (default 4,000) */
                    requests?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChaosRun"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The chaos run cannot start (a release in progress, a split, no drill segment, no release ticket from production) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listChaosRuns: {
        parameters: {
            query?: {
                workflow?: string;
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runs: components["schemas"]["ChaosRun"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getChaosRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChaosRun"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getEffectivenessReport: {
        parameters: {
            query?: {
                /** @description a duration back from now (30d, 12h) or an ISO time; default 30d */
                since?: string;
                workflow?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EffectivenessReport"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getRunbook: {
        parameters: {
            query?: {
                format?: "json" | "md" | "html";
            };
            header?: never;
            path: {
                workflow: string;
                environment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Runbook"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A bundle of the ticket is missing */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listBatchOutputs: {
        parameters: {
            query?: {
                version?: string;
                status?: "valid" | "superseded" | "invalidated";
            };
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        outputs: components["schemas"]["BatchOutput"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    registerBatchOutput: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    bundleVersion: string;
                    batchKey: string;
                    batchId: string;
                    inputHash: string;
                    location: string;
                    outputHash: string;
                    items?: {
                        ids?: string[];
                        count?: number;
                    };
                    /** Format: date-time */
                    startedAt: string;
                    /** Format: date-time */
                    finishedAt: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        output: components["schemas"]["BatchOutput"];
                        /** @description the same run was registered before; nothing changed */
                        duplicate: boolean;
                        /** @description earlier outputs of the batch key now superseded */
                        superseded: string[];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    invalidateBatchOutputs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: string;
                    reason: string;
                    ids?: string[];
                    incident?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        invalidated: components["schemas"]["BatchOutput"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An id that is not a valid output of the version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ingestEvents: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": ({
                    id: string;
                    workflow: string;
                    environment: string;
                    release?: string;
                    /** @enum {string} */
                    arm?: "control" | "candidate";
                    /** Format: date-time */
                    at: string;
                    /** @enum {string} */
                    type: "outcome";
                    bundleVersion?: string;
                    requestId: string;
                    key?: string;
                    segments?: string[];
                    latencyMs?: number;
                    error?: boolean;
                    /** @enum {string} */
                    errorKind?: "timeout" | "http_5xx" | "http_4xx" | "rate_limited" | "oom" | "crash" | "other";
                    schemaValid?: boolean;
                    parserError?: string;
                    traceId?: string;
                    costUsd?: number;
                    taskSuccess?: boolean;
                    safetyBlocked?: boolean;
                    toolCalls?: {
                        name: string;
                        /** @enum {string} */
                        sideEffects?: "none" | "read" | "write";
                        ok?: boolean;
                        blocked?: boolean;
                        unsafe?: boolean;
                    }[];
                    primaryMetric?: number;
                    prediction?: number;
                    converted?: boolean;
                    features?: {
                        [key: string]: number | null;
                    };
                    actionMode?: string;
                } | {
                    id: string;
                    workflow: string;
                    environment: string;
                    release?: string;
                    /** @enum {string} */
                    arm?: "control" | "candidate";
                    /** Format: date-time */
                    at: string;
                    bundleVersion?: string;
                    /** @enum {string} */
                    type: "review";
                    requestId: string;
                    /** @enum {string} */
                    verdict: "accepted" | "rejected";
                    reviewer?: string;
                    notes?: string;
                } | {
                    id: string;
                    workflow: string;
                    environment: string;
                    release?: string;
                    /** @enum {string} */
                    arm?: "control" | "candidate";
                    /** Format: date-time */
                    at: string;
                    bundleVersion?: string;
                    /** @enum {string} */
                    type: "complaint";
                    sampleId: string;
                    confirmed: boolean;
                    summary?: string;
                } | {
                    id: string;
                    workflow: string;
                    environment: string;
                    release?: string;
                    /** @enum {string} */
                    arm?: "control" | "candidate";
                    /** Format: date-time */
                    at: string;
                    bundleVersion?: string;
                    /** @enum {string} */
                    type: "ground_truth";
                    requestId: string;
                    actual: number;
                    prediction?: number;
                } | {
                    id: string;
                    workflow: string;
                    environment: string;
                    release?: string;
                    /** @enum {string} */
                    arm?: "control" | "candidate";
                    /** Format: date-time */
                    at: string;
                    /** @enum {string} */
                    type: "crash";
                    bundleVersion?: string;
                    /** @enum {string} */
                    kind: "oom" | "crash";
                } | {
                    /** @enum {string} */
                    type: "summary";
                    id: string;
                    workflow: string;
                    environment: string;
                    release: string;
                    /** @enum {string} */
                    arm: "control" | "candidate";
                    bundleVersion?: string;
                    /** Format: date-time */
                    at: string;
                    intervalMs: number;
                    count: number;
                    /** Format: date-time */
                    firstAt: string;
                    /** Format: date-time */
                    lastAt: string;
                    metrics: {
                        error_rate?: [
                            number,
                            number,
                            number
                        ][];
                        schema_failure_rate?: [
                            number,
                            number,
                            number
                        ][];
                        safety_block_rate?: [
                            number,
                            number,
                            number
                        ][];
                        conversion_rate?: [
                            number,
                            number,
                            number
                        ][];
                        primary_metric?: [
                            number,
                            number,
                            number
                        ][];
                        cost_per_successful_task?: [
                            number,
                            number,
                            number
                        ][];
                        cost_without_task?: [
                            number,
                            number,
                            number
                        ][];
                    };
                    latency?: [
                        number,
                        number
                    ][];
                    errorKinds?: {
                        timeout?: number;
                        http_5xx?: number;
                        http_4xx?: number;
                        rate_limited?: number;
                        oom?: number;
                        crash?: number;
                        other?: number;
                    };
                    keyed?: number;
                    keys?: string[];
                    buckets?: {
                        count: number[];
                        metrics: {
                            error_rate?: {
                                x: number[];
                                y: number[];
                                keyed: number;
                            };
                            schema_failure_rate?: {
                                x: number[];
                                y: number[];
                                keyed: number;
                            };
                            safety_block_rate?: {
                                x: number[];
                                y: number[];
                                keyed: number;
                            };
                            conversion_rate?: {
                                x: number[];
                                y: number[];
                                keyed: number;
                            };
                            primary_metric?: {
                                x: number[];
                                y: number[];
                                keyed: number;
                            };
                            cost_per_successful_task?: {
                                x: number[];
                                y: number[];
                                keyed: number;
                            };
                            cost_without_task?: {
                                x: number[];
                                y: number[];
                                keyed: number;
                            };
                        };
                    };
                    samples?: {
                        requestId: string;
                        /** Format: date-time */
                        at: string;
                        error?: boolean;
                        /** @enum {string} */
                        errorKind?: "timeout" | "http_5xx" | "http_4xx" | "rate_limited" | "oom" | "crash" | "other";
                        schemaValid?: boolean;
                        parserError?: string;
                        safetyBlocked?: boolean;
                        costUsd?: number;
                        taskSuccess?: boolean;
                        traceId?: string;
                    }[];
                })[];
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Stored (rejected events listed); a retried Idempotency-Key gets the same body */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngestResult"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description More than 1,000 events or 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Behind: retry after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Taken but not stored in time: retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getReleaseGates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReleaseGates"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    overrideGate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                gate: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    force: "breach" | "pass" | "clear";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The gate's evaluation with the override */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GateEvaluation"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The release is not running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    checkRollbackAuthority: {
        parameters: {
            query?: {
                level?: "1" | "2" | "3" | "4";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackAuthorityCheck"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getGateHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GateHistory"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    streamChanges: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    receiveAlertmanagerAlerts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AlertmanagerWebhook"];
            };
        };
        responses: {
            /** @description Matched and recorded (unmatched ones too, with the reason) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertsReceived"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    receiveWebhookAlerts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenericAlertWebhook"];
            };
        };
        responses: {
            /** @description Matched and recorded (unmatched ones too, with the reason) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertsReceived"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listAlerts: {
        parameters: {
            query?: {
                outcome?: "matched" | "unmatched";
                status?: "firing" | "resolved";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertList"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text format 0.0.4 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description A token is required (RIPCORD_METRICS=token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    ofrepEvaluateFlag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OfrepEvaluationRequest"];
            };
        };
        responses: {
            /** @description The evaluated flag (no value: use the code default, e.g. DISABLED) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfrepEvaluationSuccess"];
                };
            };
            /** @description The context is invalid or names no workflow/environment */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfrepEvaluationFailure"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not an SDK token, or outside its scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such flag (or no configuration of the workflow) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfrepEvaluationFailure"];
                };
            };
        };
    };
    ofrepEvaluateWorkflowFlag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OfrepEvaluationRequest"];
            };
        };
        responses: {
            /** @description The evaluated flag (no value: use the code default, e.g. DISABLED) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfrepEvaluationSuccess"];
                };
            };
            /** @description The context is invalid or names no workflow/environment */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfrepEvaluationFailure"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not an SDK token, or outside its scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such flag (or no configuration of the workflow) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfrepEvaluationFailure"];
                };
            };
        };
    };
    ofrepEvaluateFlagsBulk: {
        parameters: {
            query?: never;
            header?: {
                "if-none-match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OfrepEvaluationRequest"];
            };
        };
        responses: {
            /** @description Every flag of the workflow, sorted by key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfrepBulkEvaluationSuccess"];
                };
            };
            /** @description Not modified: the same flags for this context */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The context is invalid or names no workflow/environment */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfrepBulkEvaluationFailure"];
                };
            };
            /** @description Missing or unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not an SDK token, or outside its scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
}
