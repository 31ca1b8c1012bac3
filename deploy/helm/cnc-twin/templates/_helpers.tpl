{{/* The release's full name: <release>-cnc-twin, or the release name when it already says cnc-twin. */}}
{{- define "cnc-twin.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The labels that pick this release's pods: the Deployment, PDB, NetworkPolicy and Cluster Bootstrap use them. */}}
{{- define "cnc-twin.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The same as a label selector string, for Pekko's kubernetes-api discovery. */}}
{{- define "cnc-twin.podLabelSelector" -}}
app.kubernetes.io/name={{ .Chart.Name }},app.kubernetes.io/instance={{ .Release.Name }}
{{- end -}}

{{- define "cnc-twin.labels" -}}
{{ include "cnc-twin.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "cnc-twin.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "cnc-twin.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}
