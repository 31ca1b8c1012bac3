output "thing_names" {
  description = "The things, one per machine id."
  value       = [for thing in aws_iot_thing.machine : thing.name]
}

output "machine_certificates" {
  description = "Each machine's certificate (PEM) and private key, to install on the machine's gateway."
  value       = { for id, certificate in aws_iot_certificate.machine : id => { certificate_pem = certificate.certificate_pem, private_key = certificate.private_key } }
  sensitive   = true
}

output "twin_certificate" {
  description = "The twin's certificate and key: the chart's mqtt.certificateSecret (with AmazonRootCA1.pem as ca.crt)."
  value       = { certificate_pem = aws_iot_certificate.twin.certificate_pem, private_key = aws_iot_certificate.twin.private_key }
  sensitive   = true
}
